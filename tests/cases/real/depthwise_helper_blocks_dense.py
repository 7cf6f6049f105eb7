# Pattern: GitHub MobileNet-like model built from helper blocks (DepthwiseConv2D, SeparableConv2D); head without pooling
from keras import Input, Model
from keras.layers import (BatchNormalization, Conv2D, Dense, DepthwiseConv2D, ReLU,
                          SeparableConv2D)


def dw_block(x, filters, stride):
    x = DepthwiseConv2D(3, strides=stride, padding="same", use_bias=False)(x)
    x = BatchNormalization()(x)
    x = ReLU(6.0)(x)
    x = Conv2D(filters, 1, use_bias=False)(x)
    x = BatchNormalization()(x)
    return ReLU(6.0)(x)


image = Input((96, 96, 3))
x = Conv2D(16, 3, strides=2, padding="same")(image)
x = dw_block(x, 32, 1)
x = dw_block(x, 64, 2)
x = SeparableConv2D(128, 3, strides=2, padding="same", activation="relu")(x)
logits = Dense(10)(x)  # expect: FL001
model = Model(image, logits)
