"""Model 1 of the founding example: Conv2D -> Flatten -> Dense.

Output (None, 2), 58,498 parameters. flatten-lint reports nothing here.
"""
import keras

model = keras.models.Sequential([
    keras.Input(shape=(2, 15, 1)),
    keras.layers.Conv2D(32, kernel_size=(2, 1), activation="relu"),
    keras.layers.Flatten(),
    keras.layers.Dense(100, activation="relu"),
    keras.layers.Dropout(0.2),
    keras.layers.Dense(100, activation="relu"),
    keras.layers.Dropout(0.2),
    keras.layers.Dense(2, activation="softmax"),
])
