# Sizes from a literal list changed in place (pop, append, item assignment): the loop reads the
# list as it is after the change, or not at all.
from tensorflow.keras import Input, Model
from tensorflow.keras.layers import Conv2D, Dense, GlobalAveragePooling2D, MaxPooling2D


def learner(x, blocks):
    last = blocks.pop()
    for size in blocks:
        x = Conv2D(size, 3)(x)
    return Conv2D(last, 1)(x)


sizes = [4, 8, 16]
inp = Input((32, 32, 3))
pooled = Model(inp, Dense(2)(GlobalAveragePooling2D()(learner(inp, sizes))))

widths = [8]
widths.append(16)
y = inp
for width in widths:
    y = MaxPooling2D()(Conv2D(width, 3, padding="same")(y))
forgot = Model(inp, Dense(2)(y))  # expect: FL001

kernels = [40, 3]
kernels[0] = 3  # the old 40 would not fit the 32x32 map: no FL005 from a stale value
z = Conv2D(8, kernels[0])(inp)
kernel_check = Model(inp, z)
