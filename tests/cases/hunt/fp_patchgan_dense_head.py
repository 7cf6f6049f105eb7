# Pattern: Keras-GAN SRGAN-style class: the discriminator ends in Dense layers on a strided conv map on purpose (PatchGAN: one validity score per patch, labels built as (batch,) + disc_patch)
import numpy as np
from keras.layers import Conv2D, Dense, Input, LeakyReLU
from keras.models import Model
from keras.optimizers import Adam


class PatchCritic:
    def __init__(self, size=64, channels=3):
        self.shape = (size, size, channels)
        patch = int(size / 2 ** 2)
        self.disc_patch = (patch, patch, 1)
        self.discriminator = self.build_discriminator()
        self.discriminator.compile(loss="mse", optimizer=Adam(0.0002, 0.5))

        img = Input(shape=self.shape)
        self.discriminator.trainable = False
        validity = self.discriminator(img)
        self.combined = Model(img, validity)
        self.combined.compile(loss="mse", optimizer=Adam(0.0002, 0.5))

    def build_discriminator(self):
        def d_block(layer_input, filters, strides=1):
            d = Conv2D(filters, kernel_size=3, strides=strides, padding="same")(layer_input)
            return LeakyReLU(0.2)(d)

        d0 = Input(shape=self.shape)
        d1 = d_block(d0, 32)
        d2 = d_block(d1, 32, strides=2)
        d3 = d_block(d2, 64)
        d4 = d_block(d3, 64, strides=2)
        d5 = Dense(128)(d4)
        d6 = LeakyReLU(0.2)(d5)
        validity = Dense(1, activation="sigmoid")(d6)
        return Model(d0, validity)

    def train_step(self, real_imgs, fake_imgs):
        valid = np.ones((len(real_imgs),) + self.disc_patch)
        fake = np.zeros((len(fake_imgs),) + self.disc_patch)
        return (self.discriminator.train_on_batch(real_imgs, valid),
                self.discriminator.train_on_batch(fake_imgs, fake))
