# Pattern: Kaggle kernel with star imports; BatchNormalization/MaxPool2D blocks, then Dense
from keras.layers import *
from keras.models import *

IMG = 96

model = Sequential()
model.add(Conv2D(32, 3, padding="same", activation="relu", input_shape=(IMG, IMG, 3)))
model.add(BatchNormalization())
model.add(MaxPool2D())
model.add(Conv2D(64, 3, padding="same", activation="relu"))
model.add(BatchNormalization())
model.add(MaxPool2D())
model.add(Dropout(0.3))
model.add(Dense(128, activation="relu"))  # expect: FL001
model.add(Dense(1, activation="sigmoid"))
model.compile("adam", "binary_crossentropy", metrics=["accuracy"])
