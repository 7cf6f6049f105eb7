# Pattern: segmentation tutorial variant ending in a per-pixel Dense softmax after UpSampling2D (spatial output wanted)
from tensorflow.keras import layers, models

N_CLASSES = 4

inputs = layers.Input((128, 128, 3))
x = layers.Conv2D(32, 3, padding="same", activation="relu")(inputs)
x = layers.MaxPooling2D()(x)
x = layers.Conv2D(64, 3, padding="same", activation="relu")(x)
x = layers.MaxPooling2D()(x)
x = layers.Conv2D(64, 3, padding="same", activation="relu")(x)
x = layers.UpSampling2D()(x)
x = layers.Conv2D(32, 3, padding="same", activation="relu")(x)
x = layers.UpSampling2D()(x)
masks = layers.Dense(N_CLASSES, activation="softmax")(x)
segmenter = models.Model(inputs, masks)
segmenter.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
