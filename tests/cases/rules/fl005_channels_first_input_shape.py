# MNIST read as (channels, height, width), as Theano-era code wrote it, in a channels-last model:
# Keras takes the 28 as the channels and the 5x5 kernel meets a map of height 1.
from keras.layers import Conv2D, Dense, Flatten, MaxPooling2D
from keras.models import Sequential

model = Sequential()
model.add(Conv2D(32, (5, 5), input_shape=(1, 28, 28), activation="relu"))  # expect: FL005
model.add(MaxPooling2D(pool_size=(2, 2)))
model.add(Flatten())
model.add(Dense(10, activation="softmax"))
