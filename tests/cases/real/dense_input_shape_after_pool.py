# Pattern: GitHub research script; Dense given input_shape=(n,) after conv/pool blocks, no Flatten
from keras.models import Sequential
from keras.layers import Conv2D, Dense, MaxPooling2D

GRID = 36

net = Sequential()
net.add(Conv2D(12, (3, 3), activation="relu", input_shape=(GRID, GRID, 1)))
net.add(MaxPooling2D(pool_size=(3, 3)))
net.add(Conv2D(12, (3, 3), activation="relu"))
net.add(MaxPooling2D(pool_size=(3, 3)))
net.add(Dense(GRID, input_shape=(GRID,), activation="relu"))  # expect: FL001
net.add(Dense(GRID, activation="relu"))
net.add(Dense(4, activation="linear"))
net.summary()
