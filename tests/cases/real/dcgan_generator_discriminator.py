# Pattern: DCGAN tutorial; Dense -> Reshape -> Conv2DTranspose generator, conv discriminator with Flatten
from tensorflow import keras

CODINGS = 100

generator = keras.models.Sequential([
    keras.layers.Dense(7 * 7 * 96, input_shape=[CODINGS]),
    keras.layers.Reshape([7, 7, 96]),
    keras.layers.BatchNormalization(),
    keras.layers.Conv2DTranspose(48, (5, 5), strides=(2, 2), padding="same", activation="selu"),
    keras.layers.BatchNormalization(),
    keras.layers.Conv2DTranspose(1, (5, 5), strides=(2, 2), padding="same", activation="tanh"),
])
discriminator = keras.models.Sequential([
    keras.layers.Conv2D(48, (5, 5), strides=(2, 2), padding="same", input_shape=[28, 28, 1]),
    keras.layers.LeakyReLU(0.2),
    keras.layers.Dropout(0.3),
    keras.layers.Conv2D(96, (5, 5), strides=(2, 2), padding="same"),
    keras.layers.LeakyReLU(0.2),
    keras.layers.Dropout(0.3),
    keras.layers.Flatten(),
    keras.layers.Dense(1, activation="sigmoid"),
])
discriminator.compile(loss="binary_crossentropy", optimizer="rmsprop")
discriminator.trainable = False
gan = keras.models.Sequential([generator, discriminator])
gan.compile(loss="binary_crossentropy", optimizer="rmsprop")
