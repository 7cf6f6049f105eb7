# Two heads: one flattened, one not.
from tensorflow.keras import layers, Model, Input

inp = Input((64, 64, 3))
f = layers.Conv2D(8, 3)(inp)
f = layers.MaxPooling2D()(f)
flat = layers.Flatten()(f)
age = layers.Dense(1, name="age")(flat)
gender = layers.Dense(2, activation="softmax", name="gender")(f)  # expect: FL001
model = Model(inputs=inp, outputs=[age, gender])
