# FL003 negatives: the backbone holds most parameters; and a custom layer's parameters are unknown.
import tensorflow as tf
from tensorflow.keras import layers
from tensorflow.keras.applications import VGG16

base = VGG16(include_top=False, weights="imagenet", input_shape=(224, 224, 3))
base.trainable = False
transfer = tf.keras.Sequential([
    base,
    layers.Flatten(),
    layers.Dense(256, activation="relu"),
    layers.Dense(3, activation="softmax"),
])


class Gate(layers.Layer):
    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1],))

    def call(self, x):
        return x * self.w


custom = tf.keras.Sequential([
    layers.Input(shape=(224, 224, 3)),
    layers.Conv2D(32, 3, activation="relu"),
    Gate(),
    layers.Flatten(),
    layers.Dense(128, activation="relu"),
    layers.Dense(2, activation="softmax"),
])
