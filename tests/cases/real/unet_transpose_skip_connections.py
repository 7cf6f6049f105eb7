# Pattern: GitHub U-Net for binary masks; Conv2DTranspose + concatenate skips, 1x1 sigmoid conv output
from keras.layers import Conv2D, Conv2DTranspose, Input, MaxPooling2D, concatenate
from keras.models import Model


def double_conv(x, filters):
    x = Conv2D(filters, (3, 3), activation="relu", padding="same")(x)
    return Conv2D(filters, (3, 3), activation="relu", padding="same")(x)


def unet(size=128, base=16):
    inputs = Input((size, size, 3))
    c1 = double_conv(inputs, base)
    c2 = double_conv(MaxPooling2D((2, 2))(c1), base * 2)
    c3 = double_conv(MaxPooling2D((2, 2))(c2), base * 4)
    u2 = Conv2DTranspose(base * 2, (2, 2), strides=(2, 2), padding="same")(c3)
    c4 = double_conv(concatenate([u2, c2]), base * 2)
    u1 = Conv2DTranspose(base, (2, 2), strides=(2, 2), padding="same")(c4)
    c5 = double_conv(concatenate([u1, c1]), base)
    mask = Conv2D(1, (1, 1), activation="sigmoid")(c5)
    return Model(inputs=[inputs], outputs=[mask])


model = unet()
model.compile(optimizer="adam", loss="binary_crossentropy")
