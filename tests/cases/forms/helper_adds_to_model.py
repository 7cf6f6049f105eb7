# A helper that receives the model and adds layers to it.
from keras.models import Sequential
from keras.layers import Conv2D, MaxPooling2D, Dense, Flatten


def add_features(model, widths):
    for width in widths:
        model.add(Conv2D(width, 3, activation="relu", padding="same"))
        model.add(MaxPooling2D())


model = Sequential()
model.add(Conv2D(16, 3, input_shape=(96, 96, 3)))
add_features(model, (32, 64))
model.add(Dense(2, activation="softmax"))  # expect: FL001

fine = Sequential()
fine.add(Conv2D(16, 3, input_shape=(96, 96, 3)))
add_features(fine, (32, 64))
fine.add(Flatten())
fine.add(Dense(2, activation="softmax"))
