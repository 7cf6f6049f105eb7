# Pattern: Kaggle computer-vision course exercise; frozen pretrained base, Flatten, two Dense layers
from tensorflow import keras
from tensorflow.keras import layers

pretrained_base = keras.applications.VGG16(include_top=False, weights="imagenet", input_shape=(128, 128, 3))
pretrained_base.trainable = False

model = keras.Sequential([
    pretrained_base,
    layers.Flatten(),
    layers.Dense(6, activation="relu"),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["binary_accuracy"])
