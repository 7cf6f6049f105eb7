# A shared (siamese) encoder applied twice: its weights count once.
from tensorflow.keras import layers, Model, Input

left, right = Input((28, 28, 1)), Input((28, 28, 1))
conv = layers.Conv2D(8, 3, activation="relu")
pool = layers.GlobalAveragePooling2D()
merged = layers.concatenate([pool(conv(left)), pool(conv(right))])
score = layers.Dense(1, activation="sigmoid")(merged)
siamese = Model([left, right], score)
