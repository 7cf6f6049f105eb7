# Pattern: keras docs-style sequence model; LSTM(return_sequences=True) with a per-timestep Dense head
import numpy as np
import keras

window, n_features = 24, 3
inputs = np.random.random((32, window, n_features)).astype("float32")
targets = np.random.random((32, window, 1)).astype("float32")

seq_model = keras.models.Sequential([
    keras.Input(shape=(window, n_features)),
    keras.layers.LSTM(32, return_sequences=True),
    keras.layers.Dense(units=1),
])
seq_model.compile(loss="mse", optimizer="adam")
seq_model.fit(inputs, targets, epochs=5)
