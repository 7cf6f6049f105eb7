from keras.models import Sequential
from keras.layers import Convolution2D, MaxPool2D, Dense, Activation

model = Sequential()
model.add(Convolution2D(32, (3, 3), input_shape=(28, 28, 1)))
model.add(Activation("relu"))
model.add(MaxPool2D(pool_size=(2, 2)))
model.add(Dense(128))  # expect: FL001
model.add(Activation("relu"))
model.add(Dense(10, activation="softmax"))
model.compile(loss="categorical_crossentropy", optimizer="adam")
