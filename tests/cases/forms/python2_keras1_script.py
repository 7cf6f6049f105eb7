# A Keras 1 script in Python 2: still read, and still reported as unparsable Python 3.
from keras.models import Sequential
from keras.layers import Convolution2D, MaxPooling2D, Dense, Activation

print "building the model"  # expect: FL900
model = Sequential()
model.add(Convolution2D(32, 3, 3, border_mode="same", input_shape=(1, 28, 28)))
model.add(Activation("relu"))
model.add(MaxPooling2D(pool_size=(2, 2)))
model.add(Dense(10))  # expect: FL001
model.add(Activation("softmax"))
try:
    model.compile(loss="categorical_crossentropy", optimizer="adadelta")
except Exception, e:
    print e
print
