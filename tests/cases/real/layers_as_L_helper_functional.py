# Pattern: Kaggle notebook, functional CNN with `layers as L` and a conv_bn helper; global pooling forgotten
from tensorflow.keras import Model, layers as L

INPUT_SHAPE = (128, 128, 3)


def conv_bn(x, filters):
    x = L.Conv2D(filters, 3, padding="same", use_bias=False)(x)
    x = L.BatchNormalization()(x)
    return L.Activation("relu")(x)


inp = L.Input(INPUT_SHAPE)
x = conv_bn(inp, 32)
x = L.MaxPooling2D()(x)
x = conv_bn(x, 64)
x = L.MaxPooling2D()(x)
x = conv_bn(x, 128)
x = L.Dense(64, activation="relu")(x)  # expect: FL001
out = L.Dense(3, activation="softmax")(x)
model = Model(inp, out)
model.compile(optimizer="adam", loss="categorical_crossentropy")
