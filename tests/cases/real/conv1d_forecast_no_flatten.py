# Pattern: univariate forecasting tutorial variant; Conv1D + MaxPooling1D straight into Dense
import numpy as np
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Conv1D, Dense, MaxPooling1D

N_STEPS, N_FEATURES = 6, 1
series = np.arange(100, dtype="float32")
X = np.array([series[i:i + N_STEPS] for i in range(len(series) - N_STEPS)])
y = series[N_STEPS:]
X = X.reshape((X.shape[0], X.shape[1], N_FEATURES))

model = Sequential()
model.add(Conv1D(filters=32, kernel_size=2, activation="relu", input_shape=(N_STEPS, N_FEATURES)))
model.add(MaxPooling1D(pool_size=2))
model.add(Dense(40, activation="relu"))  # expect: FL001
model.add(Dense(1))
model.compile(optimizer="adam", loss="mse")
model.fit(X, y, epochs=200, verbose=0)
