# Pattern: Kaggle notebook using EfficientNetB0(include_top=False, pooling="avg") then Dense
from tensorflow.keras import layers, models
from tensorflow.keras.applications import EfficientNetB0

IMG_SIZE = 224
N_CLASSES = 5

backbone = EfficientNetB0(include_top=False, weights="imagenet", pooling="avg",
                          input_shape=(IMG_SIZE, IMG_SIZE, 3))
backbone.trainable = False

model = models.Sequential([
    backbone,
    layers.Dropout(0.3),
    layers.Dense(N_CLASSES, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
