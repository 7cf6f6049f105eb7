"""Model 2 of the founding example: the Flatten is missing.

Keras builds it without a word: the first Dense acts on the channel axis of the
(None, 1, 15, 32) feature map, the output is (None, 1, 15, 2) instead of
(None, 2), and the model has 13,698 parameters instead of 58,498.
flatten-lint reports FL001 on the first Dense.
"""
import keras

model = keras.models.Sequential([
    keras.Input(shape=(2, 15, 1)),
    keras.layers.Conv2D(32, kernel_size=(2, 1), activation="relu"),
    keras.layers.Dense(100, activation="relu"),
    keras.layers.Dropout(0.2),
    keras.layers.Dense(100, activation="relu"),
    keras.layers.Dropout(0.2),
    keras.layers.Dense(2, activation="softmax"),
])
