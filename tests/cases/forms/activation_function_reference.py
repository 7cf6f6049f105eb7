# Activations passed as functions rather than strings.
import tensorflow as tf
from tensorflow import keras

clf = keras.Sequential([
    keras.Input((16,)),
    keras.layers.Dense(8, activation=tf.nn.relu),
    keras.layers.Dense(1, activation=tf.nn.softmax),  # expect: FL007
])
ok = keras.Sequential([keras.Input((16,)), keras.layers.Dense(1, activation=keras.activations.sigmoid)])
