# A builder class whose layers come from static methods, called through self and through the class.
from keras.layers import Conv2D, Dense, Input, MaxPooling2D
from keras.models import Sequential


class Builder:
    def build(self):
        model = Sequential()
        self.stem(model)
        Builder.head(model)
        return model

    @staticmethod
    def stem(model):
        model.add(Input(shape=(28, 28, 1)))
        model.add(Conv2D(32, (3, 3), activation="relu"))
        model.add(MaxPooling2D((2, 2)))

    @staticmethod
    def head(model):
        model.add(Dense(10, activation="softmax"))  # expect: FL001


model = Builder().build()
