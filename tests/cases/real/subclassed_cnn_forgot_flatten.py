# Pattern: TF quickstart-style subclassed model whose call() skips the Flatten defined in __init__
import tensorflow as tf
from tensorflow.keras import Model
from tensorflow.keras.layers import Conv2D, Dense, Flatten, MaxPooling2D


class DigitNet(Model):
    def __init__(self, n_classes=10):
        super().__init__()
        self.conv1 = Conv2D(16, 3, activation="relu")
        self.pool = MaxPooling2D()
        self.flatten = Flatten()
        self.hidden = Dense(64, activation="relu")  # expect: FL001
        self.out = Dense(n_classes)

    def call(self, x):
        x = self.conv1(x)
        x = self.pool(x)
        x = self.hidden(x)
        return self.out(x)


net = DigitNet()
net.build((None, 28, 28, 1))
net.compile(optimizer="adam", loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True))
