# Loops over enumerate(...), zip(...) and reversed(...) of literal lists are unrolled, the
# index picking a branch on the first pass.
from keras.layers import Conv2D, Dense, Input, MaxPooling2D
from keras.models import Model

inputs = Input(shape=(64, 64, 3))
for (i, f) in enumerate((16, 32, 64)):
    if i == 0:
        x = inputs
    x = Conv2D(f, (3, 3), padding="same")(x)
    x = MaxPooling2D()(x)
first = Model(inputs, Dense(4)(x))  # expect: FL001

y = inputs
for filters, kernel in zip([8, 16], [5, 3]):
    y = Conv2D(filters, kernel, strides=2)(y)
for units in reversed([10, 32]):
    y = Dense(units)(y)  # expect: FL001
second = Model(inputs, y)
