# Pattern: early SO question (Keras 1 API): LeNet-like stack with Convolution2D(nb, r, c, border_mode=...) and no Flatten
from keras.models import Sequential
from keras.layers import Activation, Dense
from keras.layers.convolutional import Convolution2D, MaxPooling2D

model = Sequential()
model.add(Convolution2D(16, 5, 5, border_mode="same", input_shape=(28, 28, 1)))
model.add(Activation("relu"))
model.add(MaxPooling2D(pool_size=(2, 2)))
model.add(Convolution2D(32, 5, 5, border_mode="same"))
model.add(Activation("relu"))
model.add(MaxPooling2D(pool_size=(2, 2)))
model.add(Dense(48))  # expect: FL001
model.add(Activation("relu"))
model.add(Dense(10))
model.add(Activation("softmax"))
model.compile(loss="categorical_crossentropy", optimizer="adadelta", metrics=["accuracy"])
model.fit(X_train, Y_train, batch_size=128, nb_epoch=12)
