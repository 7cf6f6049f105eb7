# FL006: audio frames of any count; the BatchNormalization after Flatten is the first layer that fails.
from tensorflow.keras import Input, Model
from tensorflow.keras.layers import BatchNormalization, Conv1D, Dense, Flatten, MaxPool1D

frames = Input(shape=(None, 40))
h = Conv1D(64, 5, activation="relu")(frames)
h = MaxPool1D()(h)
h = Flatten()(h)  # expect: FL006
h = BatchNormalization()(h)
h = Dense(10, activation="softmax")(h)
model = Model(frames, h)
