# FL002 negative: a TimeDistributed Flatten over frames (rank 5) and a custom layer of unknown output.
from tensorflow import keras
from tensorflow.keras.layers import (LSTM, Conv2D, Dense, Flatten, Layer, MaxPooling2D,
                                     TimeDistributed)


class FrameStats(Layer):
    def call(self, inputs):
        return inputs


model = keras.Sequential([
    keras.Input(shape=(16, 64, 64, 3)),
    TimeDistributed(Conv2D(16, 3, activation="relu")),
    TimeDistributed(MaxPooling2D()),
    TimeDistributed(Flatten()),
    LSTM(64),
    FrameStats(),
    Flatten(),
    Dense(5, activation="softmax"),
])
