# A model chosen by a branch, then extended: neither branch model is judged without its tail.
from keras.models import Sequential
from keras.layers import Conv2D, Dense, Flatten

small = True
if small:
    model = Sequential([Conv2D(8, 3, input_shape=(32, 32, 1)), Dense(16)])
else:
    model = Sequential([Conv2D(16, 3, input_shape=(32, 32, 1)), Dense(32)])
model.add(Flatten())
model.add(Dense(10, activation="softmax"))
