from keras import layers as L
from keras import Sequential

IMG = 64
CHANNELS = 3
INPUT_SHAPE = (IMG, IMG, CHANNELS)

net = Sequential(layers=[
    L.InputLayer(input_shape=INPUT_SHAPE),
    L.Conv2D(16, 3, padding="same", activation="relu"),
    L.MaxPooling2D(),
    L.Conv2D(32, 3, padding="same", activation="relu"),
    L.MaxPooling2D(),
    L.Dense(4, activation="softmax"),  # expect: FL001
])
