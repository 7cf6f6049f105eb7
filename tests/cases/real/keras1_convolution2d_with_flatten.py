# Pattern: Keras 1 era script (Convolution2D(nb, r, c), border_mode, init, output_dim) with a correct Flatten
from keras.models import Sequential
from keras.layers import Activation, Convolution2D, Dense, Dropout, Flatten, MaxPooling2D

model = Sequential()
model.add(Convolution2D(32, 3, 3, border_mode="valid", input_shape=(1, 28, 28), init="he_normal"))
model.add(Activation("relu"))
model.add(Convolution2D(32, 3, 3))
model.add(Activation("relu"))
model.add(MaxPooling2D(pool_size=(2, 2)))
model.add(Dropout(0.25))
model.add(Flatten())
model.add(Dense(output_dim=128))
model.add(Activation("relu"))
model.add(Dense(output_dim=6))
model.add(Activation("softmax"))
model.compile(loss="categorical_crossentropy", optimizer="adadelta")
