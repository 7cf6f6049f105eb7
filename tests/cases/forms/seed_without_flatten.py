# The founding example, model 2: no Flatten between Conv2D and Dense.
from tensorflow import keras

model = keras.models.Sequential([
    keras.Input(shape=(2, 15, 1)),
    keras.layers.Conv2D(32, kernel_size=(2, 1), activation="relu"),
    keras.layers.Dense(100, activation="relu"),  # expect: FL001
    keras.layers.Dropout(0.2),
    keras.layers.Dense(100, activation="relu"),
    keras.layers.Dropout(0.2),
    keras.layers.Dense(2, activation="softmax"),
])
