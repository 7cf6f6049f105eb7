# Pattern: GitHub issue "you should add flatten" on a residual-attention net ending in AveragePooling2D((7, 7)) + Dense
from tensorflow.keras.layers import (Activation, AveragePooling2D, BatchNormalization,
                                     Conv2D, Dense, Input, MaxPooling2D)
from tensorflow.keras.models import Model


def attention_net(shape=(56, 56, 3), n_classes=6):
    inputs = Input(shape=shape)
    x = Conv2D(32, (3, 3), strides=2, padding="same")(inputs)
    x = BatchNormalization()(x)
    x = Activation("relu")(x)
    x = MaxPooling2D((2, 2))(x)
    x = Conv2D(64, (3, 3), strides=2, padding="same")(x)
    x = AveragePooling2D((7, 7), strides=(1, 1), name="avg_pool")(x)
    outputs = Dense(n_classes, activation="softmax")(x)  # expect: FL001
    return Model(inputs, outputs)


net = attention_net()
