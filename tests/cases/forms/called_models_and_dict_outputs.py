# A model called on a tensor whose result builds no other model is still a model of its own
# (the DCGAN tutorial's generator(noise)); a functional model may name its outputs in a dict.
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

critic = tf.keras.Sequential([layers.Input((14, 14, 1)), layers.Conv2D(8, 3, strides=2),
                              layers.Dense(1)])  # expect: FL001
decision = critic(tf.zeros((1, 14, 14, 1)))

inputs = keras.Input((32, 32, 3))
features = layers.Conv2D(8, 3, strides=2)(inputs)
box = layers.Dense(4)(layers.GlobalAveragePooling2D()(features))
scores = layers.Dense(10, activation="softmax")(features)  # expect: FL001
detector = keras.Model(inputs, {"box": box, "cls": scores})
