# Pattern: small CIFAR ResNet from a GitHub repo; residual helper with Add/BatchNormalization, loop over stages, GAP head
from keras import Model, layers


def residual_block(x, filters, stride=1):
    shortcut = x
    y = layers.Conv2D(filters, 3, strides=stride, padding="same")(x)
    y = layers.BatchNormalization()(y)
    y = layers.Activation("relu")(y)
    y = layers.Conv2D(filters, 3, padding="same")(y)
    y = layers.BatchNormalization()(y)
    if stride != 1 or shortcut.shape[-1] != filters:
        shortcut = layers.Conv2D(filters, 1, strides=stride)(x)
    y = layers.Add()([shortcut, y])
    return layers.Activation("relu")(y)


inputs = layers.Input(shape=(32, 32, 3))
x = layers.Conv2D(16, 3, padding="same")(inputs)
for filters, stride in [(16, 1), (32, 2), (64, 2)]:
    x = residual_block(x, filters, stride)
x = layers.GlobalAveragePooling2D()(x)
outputs = layers.Dense(10, activation="softmax")(x)
resnet = Model(inputs, outputs, name="resnet_small")
