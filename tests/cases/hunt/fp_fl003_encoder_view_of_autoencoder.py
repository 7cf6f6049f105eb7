# Pattern: DCEC-style convolutional autoencoder builder returning (autoencoder, encoder): the encoder is a view over the autoencoder's own layers, and only the autoencoder is trained
from tensorflow.keras.layers import Conv2D, Conv2DTranspose, Dense, Flatten, Input, Reshape
from tensorflow.keras.models import Model


def conv_autoencoder(input_shape=(192, 192, 1), filters=(16, 32, 64), code_size=30):
    img = Input(shape=input_shape)
    x = Conv2D(filters[0], 5, strides=2, padding="same", activation="relu")(img)
    x = Conv2D(filters[1], 5, strides=2, padding="same", activation="relu")(x)
    x = Conv2D(filters[2], 3, strides=2, padding="same", activation="relu")(x)
    x = Flatten()(x)
    code = Dense(code_size, name="embedding")(x)
    y = Dense(filters[2] * 24 * 24, activation="relu")(code)
    y = Reshape((24, 24, filters[2]))(y)
    y = Conv2DTranspose(filters[1], 3, strides=2, padding="same", activation="relu")(y)
    y = Conv2DTranspose(filters[0], 5, strides=2, padding="same", activation="relu")(y)
    decoded = Conv2DTranspose(input_shape[2], 5, strides=2, padding="same")(y)
    return Model(img, decoded, name="CAE"), Model(img, code, name="encoder")


autoencoder, encoder = conv_autoencoder()
autoencoder.compile(optimizer="adam", loss="mse")
