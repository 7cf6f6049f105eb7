from keras.models import *
from keras.layers import *

model = Sequential()
model.add(Conv1D(filters=32, kernel_size=3, activation="relu", input_shape=(50, 1)))
model.add(MaxPooling1D(pool_size=2))
model.add(Dense(50, activation="relu"))  # expect: FL001
model.add(Dense(1))
