# Residual block: the add of two conv branches feeds the Dense head directly.
from tensorflow.keras import layers, Model, Input

inp = Input((32, 32, 16))
x = layers.Conv2D(16, 3, strides=2, padding="same", activation="relu")(inp)
y = layers.Conv2D(16, 3, padding="same", activation="relu")(x)
y = layers.Conv2D(16, 3, padding="same")(y)
y = layers.add([x, y])
y = layers.Activation("relu")(y)
out = layers.Dense(10, activation="softmax")(y)  # expect: FL001
model = Model(inp, out)
