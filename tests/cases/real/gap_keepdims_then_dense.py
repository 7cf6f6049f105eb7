# Pattern: Keras >= 2.6 code keeping GlobalAveragePooling2D(keepdims=True) from an SE experiment before the classifier
import keras
from keras import layers

inputs = keras.Input(shape=(64, 64, 3))
x = layers.Conv2D(32, 3, strides=2, activation="relu")(inputs)
x = layers.Conv2D(64, 3, strides=2, activation="relu")(x)
x = layers.GlobalAveragePooling2D(keepdims=True)(x)
outputs = layers.Dense(5, activation="softmax")(x)  # expect: FL001
model = keras.Model(inputs, outputs, name="keepdims_head")
