# FL007 negative: the unit count comes from data, so it is unknown statically.
import sys
from tensorflow import keras

n_classes = int(sys.argv[1])
model = keras.Sequential([
    keras.Input(shape=(10,)),
    keras.layers.Dense(32, activation="relu"),
    keras.layers.Dense(n_classes, activation="softmax"),
])
