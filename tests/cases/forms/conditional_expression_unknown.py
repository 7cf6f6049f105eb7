# A condition read at run time: either branch may run, so nothing is judged after it.
import sys

from keras.layers import Conv2D, Dense, Flatten, Input, MaxPooling2D
from keras.models import Model

i = Input((32, 32, 8))
y = MaxPooling2D()(Conv2D(8, 3, padding="same")(i))
y = y if len(sys.argv) > 3 else Flatten()(y)
unknown = Model(i, Dense(10, activation="softmax")(y))
