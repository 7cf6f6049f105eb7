from tensorflow.keras import layers, Model, Input

inp = Input((32, 32, 16))
x = layers.Conv2D(16, 3, padding="same")(inp)
se = layers.GlobalAveragePooling2D()(x)
se = layers.Dense(4, activation="relu")(se)
se = layers.Dense(16, activation="sigmoid")(se)
se = layers.Reshape((1, 1, 16))(se)
x = layers.multiply([x, se])
x = layers.Flatten()(x)
out = layers.Dense(10, activation="softmax")(x)
model = Model(inp, out)
