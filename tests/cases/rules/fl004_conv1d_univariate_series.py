# FL004: a univariate series of 128 steps needs shape (128, 1) for Conv1D.
import tensorflow as tf
from tensorflow.keras import layers

WINDOW = 128

inputs = tf.keras.Input(shape=(WINDOW,))
x = layers.Conv1D(filters=64, kernel_size=3, activation="relu")(inputs)  # expect: FL004
x = layers.GlobalAveragePooling1D()(x)
outputs = layers.Dense(1)(x)
model = tf.keras.Model(inputs, outputs)
