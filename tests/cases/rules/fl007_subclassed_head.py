# FL007: a subclassed model whose single-unit head uses softmax.
import tensorflow as tf
from tensorflow.keras import layers


class ChurnModel(tf.keras.Model):
    def __init__(self):
        super().__init__()
        self.hidden = layers.Dense(32, activation="relu")
        self.drop = layers.Dropout(0.3)
        self.head = layers.Dense(1, activation="softmax")  # expect: FL007

    def call(self, inputs, training=False):
        x = self.hidden(inputs)
        x = self.drop(x, training=training)
        return self.head(x)


model = ChurnModel()
model.compile(optimizer="adam", loss="binary_crossentropy")
