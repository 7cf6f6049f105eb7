from tensorflow.keras import layers, Model

inp = layers.Input((64, 64, 1))
c1 = layers.Conv2D(16, 3, padding="same", activation="relu")(inp)
p1 = layers.MaxPooling2D()(c1)
c2 = layers.Conv2D(32, 3, padding="same", activation="relu")(p1)
u1 = layers.UpSampling2D()(c2)
m1 = layers.concatenate([u1, c1])
out = layers.Conv2D(1, 1, activation="sigmoid")(m1)
unet = Model(inp, out)
