# FL006: a Sequential accepting series of any length, with Dropout between Flatten and Dense.
from keras.models import Sequential
from keras.layers import Conv1D, MaxPooling1D, Flatten, Dropout, Dense

model = Sequential()
model.add(Conv1D(64, 3, activation="relu", input_shape=(None, 12)))
model.add(MaxPooling1D(2))
model.add(Flatten())  # expect: FL006
model.add(Dropout(0.5))
model.add(Dense(3, activation="softmax"))
