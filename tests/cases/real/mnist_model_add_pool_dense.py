# Pattern: GitHub study script, MNIST CNN where Flatten (imported) was never added after MaxPooling2D
from keras.datasets import mnist
from keras.models import Sequential
from keras.layers import Conv2D, Dense, Flatten, MaxPooling2D
from keras.utils import to_categorical

(train_x, train_y), (test_x, test_y) = mnist.load_data()
train_x = train_x.reshape(-1, 28, 28, 1).astype("float32") / 255
train_y = to_categorical(train_y, 10)

cnn = Sequential()
cnn.add(Conv2D(32, kernel_size=(3, 3), activation="relu", input_shape=(28, 28, 1)))
cnn.add(Conv2D(48, (3, 3), activation="relu"))
cnn.add(MaxPooling2D(pool_size=2))
cnn.add(Dense(96, activation="relu"))  # expect: FL001
cnn.add(Dense(10, activation="softmax"))
cnn.summary()
cnn.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
cnn.fit(train_x, train_y, epochs=2, batch_size=128)
