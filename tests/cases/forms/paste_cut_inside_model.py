# The paste breaks inside the model: what follows may add a Flatten, so nothing is judged.
from keras.models import Sequential
from keras.layers import Conv2D, Dense, Flatten

model = Sequential()
model.add(Conv2D(32, (3, 3), input_shape=(64, 64, 3)))
model.add(Dense(16))
model.add(Flatten(  # expect: FL900
model.add(Dense(1, activation="sigmoid"))
