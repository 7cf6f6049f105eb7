# Pattern: SO "Shapes (None, 7) and (None, 3, 3, 7) are incompatible" on a FER-2013 CNN
from tensorflow.keras.layers import BatchNormalization, Conv2D, Dense, Dropout, MaxPooling2D
from tensorflow.keras.models import Sequential

NUM_CLASSES = 7
WIDTH = HEIGHT = 48

model = Sequential()
model.add(Conv2D(64, (3, 3), activation="relu", padding="same", input_shape=(WIDTH, HEIGHT, 1)))
model.add(BatchNormalization())
model.add(MaxPooling2D(pool_size=(2, 2)))
model.add(Dropout(0.25))
model.add(Conv2D(128, (5, 5), activation="relu", padding="same"))
model.add(BatchNormalization())
model.add(MaxPooling2D(pool_size=(2, 2)))
model.add(Dropout(0.25))
model.add(Conv2D(256, (3, 3), activation="relu", padding="same"))
model.add(BatchNormalization())
model.add(MaxPooling2D(pool_size=(2, 2)))
model.add(Conv2D(256, (3, 3), activation="relu", padding="same"))
model.add(MaxPooling2D(pool_size=(2, 2)))
model.add(Dense(256, activation="relu"))  # expect: FL001
model.add(Dropout(0.5))
model.add(Dense(NUM_CLASSES, activation="softmax"))
model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
