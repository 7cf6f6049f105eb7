# Pattern: GitHub emotion-recognition class that grows self.model with add(); image shape from the constructor
from keras.models import Sequential
from keras.layers import Activation, BatchNormalization, Conv2D, Dense, Dropout, MaxPooling2D


class EmotionNet:
    def __init__(self, input_shape=(48, 48, 1), n_emotions=7):
        self.input_shape = input_shape
        self.n_emotions = n_emotions
        self.model = Sequential()

    def build(self):
        self.model.add(Conv2D(32, (3, 3), padding="same", input_shape=self.input_shape))
        self.model.add(BatchNormalization())
        self.model.add(Activation("relu"))
        self.model.add(MaxPooling2D((2, 2)))
        self.model.add(Conv2D(64, (3, 3), padding="same"))
        self.model.add(Activation("relu"))
        self.model.add(MaxPooling2D((2, 2)))
        self.model.add(Dropout(0.25))
        self.model.add(Dense(256, activation="relu"))  # expect: FL001
        self.model.add(Dense(self.n_emotions, activation="softmax"))
        return self.model


if __name__ == "__main__":
    net = EmotionNet().build()
    net.compile(optimizer="adam", loss="categorical_crossentropy")
