from keras.models import Sequential
from keras.layers import Conv1D, LSTM, TimeDistributed, Dense

model = Sequential([
    Conv1D(16, 3, padding="same", input_shape=(40, 2)),
    LSTM(32, return_sequences=True),
    TimeDistributed(Dense(5, activation="softmax")),
])
