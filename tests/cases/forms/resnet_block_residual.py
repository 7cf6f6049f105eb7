# Residual block: the add of two conv branches feeds the Dense head directly.
from tensorflow.keras import layers, Model, Input

inp = Input((32, 32, 16))
y = layers.Conv2D(16, 3, padding="same", activation="relu")(inp)
y = layers.Conv2D(16, 3, padding="same")(y)
y = layers.add([inp, y])
y = layers.Activation("relu")(y)
out = layers.Dense(10, activation="softmax")(y)  # expect: FL001
model = Model(inp, out)
