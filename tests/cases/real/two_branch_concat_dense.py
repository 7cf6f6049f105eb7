# Pattern: SO multi-input question; two conv branches concatenated on the channel axis, then Dense
from keras.layers import Concatenate, Conv2D, Dense, Input, MaxPooling2D
from keras.models import Model

rgb = Input(shape=(64, 64, 3), name="rgb")
depth = Input(shape=(64, 64, 1), name="depth")

a = Conv2D(16, 3, padding="same", activation="relu")(rgb)
a = MaxPooling2D()(a)
b = Conv2D(8, 3, padding="same", activation="relu")(depth)
b = MaxPooling2D()(b)

merged = Concatenate()([a, b])
hidden = Dense(32, activation="relu")(merged)  # expect: FL001
grasp = Dense(1, activation="sigmoid")(hidden)
model = Model(inputs=[rgb, depth], outputs=grasp)
