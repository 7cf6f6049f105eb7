# FL004: channels_first needs the channel axis in front; a volume for Conv3D needs one too.
from keras import layers, models

cf = models.Sequential([
    layers.Conv2D(32, 3, data_format="channels_first", input_shape=(48, 48)),  # expect: FL004
    layers.Flatten(),
    layers.Dense(7, activation="softmax"),
])

volume = models.Sequential([
    layers.Input(shape=(32, 64, 64)),
    layers.Conv3D(8, 3, activation="relu"),  # expect: FL004
    layers.GlobalAveragePooling3D(),
    layers.Dense(2, activation="softmax"),
])
