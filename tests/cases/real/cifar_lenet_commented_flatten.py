# Pattern: SO question on a LeNet-style CIFAR-10 net (C1-S2-C3-S4-C5-F6) whose Flatten was commented out
import keras
from keras.datasets import cifar10
from keras.models import Sequential
from keras.layers import Activation, Conv2D, Dense, Flatten, MaxPooling2D

NUM_CLASSES = 10

(x_train, y_train), (x_test, y_test) = cifar10.load_data()
y_train = keras.utils.to_categorical(y_train, NUM_CLASSES)
x_train = x_train.astype("float32") / 255.0

model = Sequential()
model.add(Conv2D(12, (7, 7), activation="relu", padding="same", input_shape=x_train.shape[1:]))
model.add(MaxPooling2D((2, 2), padding="same"))
model.add(Conv2D(40, (5, 5), activation="relu", padding="same"))
model.add(MaxPooling2D((4, 3), padding="same"))
model.add(Conv2D(200, (5, 5), activation="relu", padding="same"))
# model.add(Flatten())
model.add(Dense(64))  # expect: FL001
model.add(Activation("relu"))
model.add(Dense(NUM_CLASSES))
model.add(Activation("softmax"))

opt = keras.optimizers.RMSprop(learning_rate=1e-4)
model.compile(loss="categorical_crossentropy", optimizer=opt, metrics=["accuracy"])
model.fit(x_train, y_train, batch_size=32, epochs=50, shuffle=True)
