# FL004 negatives: inputs that carry their channel axis, or whose rank is unknown.
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

mnist = keras.Sequential([
    layers.Input(shape=(28, 28, 1)),
    layers.Conv2D(32, 3, activation="relu"),
    layers.Flatten(),
    layers.Dense(10, activation="softmax"),
])

series = keras.Sequential([
    layers.Reshape((128, 1), input_shape=(128,)),
    layers.Conv1D(16, 3, activation="relu"),
    layers.GlobalMaxPooling1D(),
    layers.Dense(1),
])

x_train = np.load("x_train.npy")
from_data = keras.Sequential([
    layers.Conv2D(32, 3, activation="relu", input_shape=x_train.shape[1:]),
    layers.Flatten(),
    layers.Dense(10, activation="softmax"),
])
