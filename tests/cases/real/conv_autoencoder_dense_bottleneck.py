# Pattern: GitHub convolutional autoencoder; Flatten -> Dense latent -> Dense -> Reshape -> Conv2DTranspose decoder
from tensorflow.keras import Model
from tensorflow.keras.layers import Conv2D, Conv2DTranspose, Dense, Flatten, Input, Reshape

LATENT = 16

enc_in = Input(shape=(28, 28, 1))
x = Conv2D(32, 3, strides=2, padding="same", activation="relu")(enc_in)
x = Conv2D(64, 3, strides=2, padding="same", activation="relu")(x)
x = Flatten()(x)
latent = Dense(LATENT, name="latent")(x)
encoder = Model(enc_in, latent, name="encoder")

dec_in = Input(shape=(LATENT,))
y = Dense(7 * 7 * 64, activation="relu")(dec_in)
y = Reshape((7, 7, 64))(y)
y = Conv2DTranspose(32, 3, strides=2, padding="same", activation="relu")(y)
y = Conv2DTranspose(1, 3, strides=2, padding="same", activation="sigmoid")(y)
decoder = Model(dec_in, y, name="decoder")

autoencoder = Model(enc_in, decoder(encoder(enc_in)), name="autoencoder")
autoencoder.compile(optimizer="adam", loss="binary_crossentropy")
