# Pattern: behavioural-cloning project (steering regression); Lambda normalisation + Cropping2D, Flatten forgotten
from keras.models import Sequential
from keras.layers import Conv2D, Cropping2D, Dense, Lambda

model = Sequential()
model.add(Lambda(lambda img: img / 127.5 - 1.0, input_shape=(160, 320, 3)))
model.add(Cropping2D(cropping=((60, 20), (0, 0))))
model.add(Conv2D(24, (5, 5), strides=(2, 2), activation="relu"))
model.add(Conv2D(36, (5, 5), strides=(2, 2), activation="relu"))
model.add(Conv2D(48, (5, 5), strides=(2, 2), activation="relu"))
model.add(Conv2D(64, (3, 3), activation="relu"))
model.add(Dense(100))  # expect: FL001
model.add(Dense(50))
model.add(Dense(1))
model.compile(loss="mse", optimizer="adam")
