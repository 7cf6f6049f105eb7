# Pattern: sequence-to-sequence forecaster on series of any length (input_shape=[None, 1]): stacked causal Conv1D, then Dense predicts the next steps at every time step
from tensorflow import keras

AHEAD = 10

seq2seq = keras.models.Sequential()
seq2seq.add(keras.layers.InputLayer(input_shape=[None, 1]))
for rate in (1, 2, 4, 8):
    seq2seq.add(keras.layers.Conv1D(filters=20, kernel_size=2, padding="causal", activation="relu",
                                    dilation_rate=rate))
seq2seq.add(keras.layers.Dense(AHEAD))
seq2seq.compile(loss="mse", optimizer="adam")
