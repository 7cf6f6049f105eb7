# Pattern: tutorial variant using Sequential(layers=[...]) with an InputLayer; Dense after the conv stack
from keras import Sequential
from keras.layers import Conv2D, Dense, InputLayer, MaxPooling2D

model = Sequential(layers=[
    InputLayer(input_shape=(64, 64, 1)),
    Conv2D(8, kernel_size=3, activation="relu"),
    MaxPooling2D(pool_size=2),
    Conv2D(16, kernel_size=3, activation="relu"),
    MaxPooling2D(pool_size=2),
    Dense(2, activation="softmax"),  # expect: FL001
], name="patch_classifier")
