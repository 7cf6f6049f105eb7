from keras.models import Sequential
from keras.layers import Conv1D, MaxPooling1D, LSTM, Dense

model = Sequential()
model.add(Conv1D(32, 3, activation="relu", input_shape=(100, 4)))
model.add(MaxPooling1D(2))
model.add(LSTM(64))
model.add(Dense(1, activation="sigmoid"))
