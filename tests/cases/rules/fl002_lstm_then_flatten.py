# FL002: stock-price forecaster; the last LSTM returns only its final state, so Flatten does nothing.
from keras.models import Sequential
from keras.layers import LSTM, Dropout, Flatten, Dense

look_back = 60

model = Sequential()
model.add(LSTM(units=50, return_sequences=True, input_shape=(look_back, 1)))
model.add(Dropout(0.2))
model.add(LSTM(units=50))
model.add(Dropout(0.2))
model.add(Flatten())  # expect: FL002
model.add(Dense(units=1))
model.compile(optimizer="adam", loss="mean_squared_error")
