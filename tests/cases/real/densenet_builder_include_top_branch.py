# Pattern: keras-contrib issue "DenseNet is not flatten at the last layer"; classifier added under `if include_top`
from keras import layers, models


def dense_block(x, n_layers, growth):
    for _ in range(n_layers):
        y = layers.BatchNormalization()(x)
        y = layers.Activation("relu")(y)
        y = layers.Conv2D(growth, 3, padding="same")(y)
        x = layers.Concatenate()([x, y])
    return x


def tiny_densenet(input_shape=(64, 64, 3), classes=2, include_top=True):
    img = layers.Input(shape=input_shape)
    x = layers.Conv2D(32, 3, strides=2, padding="same")(img)
    for _ in range(3):
        x = dense_block(x, 2, 12)
        x = layers.AveragePooling2D(2)(x)
    x = layers.BatchNormalization(name="final_bn")(x)
    x = layers.Activation("relu")(x)
    if include_top:
        x = layers.Dense(classes, activation="softmax")(x)  # expect: FL001
    return models.Model(img, x)


model = tiny_densenet()
