# Layers added by a helper nested in the builder function, on the builder's own variable: the
# head ends in Flatten + Dense, so there is nothing to report; the second builder forgets Flatten.
from tensorflow.keras import Input, Model, Sequential
from tensorflow.keras.layers import Conv2D, Dense, Flatten, MaxPooling2D


def twin(input_shape):
    model = Sequential()
    model.add(Conv2D(8, 3, input_shape=input_shape))

    def encoder():
        model.add(Flatten())
        model.add(Dense(16))

    encoder()
    return model


def tower():
    model = Sequential([Input((32, 32, 3)), Conv2D(8, 3)])

    def pool():
        model.add(MaxPooling2D())

    pool()
    model.add(Dense(4))  # expect: FL001
    return model


encoder = twin((28, 28, 1))
inp = Input((28, 28, 1))
siamese = Model(inp, Dense(1, activation="sigmoid")(encoder(inp)))
