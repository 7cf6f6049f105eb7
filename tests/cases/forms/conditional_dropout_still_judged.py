# A layer that changes no shape may be added conditionally: the bug is still certain.
from keras.models import Sequential
from keras.layers import Conv2D, Dense, Dropout


def build(dropout=0.0):
    model = Sequential()
    model.add(Conv2D(16, 3, input_shape=(64, 64, 3)))
    if dropout:
        model.add(Dropout(dropout))
    model.add(Dense(3, activation="softmax"))  # expect: FL001
    return model
