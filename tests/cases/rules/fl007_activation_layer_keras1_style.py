# FL007: the Keras-1-era idiom of a separate Activation layer, on a single output unit.
from keras.models import Sequential
from keras.layers import Dense, Dropout, Activation

model = Sequential()
model.add(Dense(64, input_dim=20))
model.add(Activation("relu"))
model.add(Dropout(0.5))
model.add(Dense(1))  # expect: FL007
model.add(Activation("softmax"))
model.compile(loss="binary_crossentropy", optimizer="sgd", metrics=["accuracy"])
