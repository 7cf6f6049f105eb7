# Subclassed model: layers in __init__, applied in call; no input shape known at all.
import tensorflow as tf


class TinyNet(tf.keras.Model):
    def __init__(self, classes=10):
        super().__init__()
        self.conv = tf.keras.layers.Conv2D(32, 3, activation="relu")
        self.pool = tf.keras.layers.MaxPooling2D()
        self.fc = tf.keras.layers.Dense(128, activation="relu")  # expect: FL001
        self.out = tf.keras.layers.Dense(classes)

    def call(self, inputs, training=False):
        x = self.conv(inputs)
        x = self.pool(x)
        x = self.fc(x)
        return self.out(x)


class GoodNet(tf.keras.Model):
    def __init__(self):
        super().__init__()
        self.conv = tf.keras.layers.Conv2D(32, 3, activation="relu")
        self.flat = tf.keras.layers.Flatten()
        self.out = tf.keras.layers.Dense(10)

    def call(self, x):
        return self.out(self.flat(self.conv(x)))
