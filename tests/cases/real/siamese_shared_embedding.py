# Pattern: siamese-network tutorial; shared Sequential embedding (with Flatten) on two inputs, L1-distance head
import tensorflow as tf
from tensorflow.keras import layers

embedding = tf.keras.Sequential([
    layers.Conv2D(32, 3, activation="relu", input_shape=(64, 64, 1)),
    layers.MaxPooling2D(),
    layers.Conv2D(64, 3, activation="relu"),
    layers.MaxPooling2D(),
    layers.Flatten(),
    layers.Dense(64, activation="sigmoid"),
], name="embedding")

left = layers.Input((64, 64, 1))
right = layers.Input((64, 64, 1))
distance = layers.Lambda(lambda pair: tf.abs(pair[0] - pair[1]))([embedding(left), embedding(right)])
same = layers.Dense(1, activation="sigmoid")(distance)
siamese = tf.keras.Model(inputs=[left, right], outputs=same)
