# Pattern: keras issue "Reshape for connecting Conv2D and Dense layers"; Reshape((h * w * c,)) used as a Flatten
from keras.models import Sequential
from keras.layers import Conv2D, Dense, Reshape

model = Sequential()
model.add(Conv2D(8, (5, 5), padding="same", strides=(2, 2), input_shape=(28, 28, 1)))
model.add(Conv2D(8, (5, 5), padding="same", strides=(2, 2)))
model.add(Reshape((7 * 7 * 8,)))
model.add(Dense(256, activation="relu"))
model.add(Dense(10, activation="softmax"))
