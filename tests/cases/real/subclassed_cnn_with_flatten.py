# Pattern: TF "advanced quickstart" subclassed model; Flatten applied in call() before the Dense layers
import tensorflow as tf
from tensorflow.keras import Model
from tensorflow.keras.layers import Conv2D, Dense, Flatten, MaxPooling2D


class SmallNet(Model):
    def __init__(self, n_classes=10):
        super(SmallNet, self).__init__()
        self.conv = Conv2D(24, 3, activation="relu")
        self.pool = MaxPooling2D((2, 2))
        self.flatten = Flatten()
        self.fc = Dense(96, activation="relu")
        self.logits = Dense(n_classes)

    def call(self, inputs):
        x = self.pool(self.conv(inputs))
        x = self.flatten(x)
        return self.logits(self.fc(x))


model = SmallNet()
model.build((None, 28, 28, 1))
model.compile(optimizer="adam", loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True))
