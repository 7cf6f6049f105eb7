# A head chosen at run time: what is added under `if` is not known, so nothing is reported.
from keras.models import Sequential
from keras.layers import Conv2D, MaxPooling2D, Dense, Flatten, GlobalAveragePooling2D, Dropout


def build(use_gap, dropout=0.0):
    model = Sequential()
    model.add(Conv2D(16, 3, input_shape=(64, 64, 3)))
    model.add(MaxPooling2D())
    if use_gap:
        model.add(GlobalAveragePooling2D())
    else:
        model.add(Flatten())
    if dropout:
        model.add(Dropout(dropout))
    model.add(Dense(3, activation="softmax"))
    return model
