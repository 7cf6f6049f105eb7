# FL002 negatives: every Flatten here receives a tensor of rank 3 or more, or one of unknown rank.
import tensorflow as tf
from tensorflow.keras import layers, models

seq = models.Sequential([
    layers.LSTM(32, return_sequences=True, input_shape=(50, 8)),
    layers.Flatten(),
    layers.Dense(1),
])

pooled = models.Sequential([
    layers.Input(shape=(32, 32, 3)),
    layers.Conv2D(16, 3, activation="relu"),
    layers.GlobalAveragePooling2D(keepdims=True),
    layers.Flatten(),
    layers.Dense(10, activation="softmax"),
])

text = models.Sequential([
    layers.Input(shape=(100,)),
    layers.Embedding(5000, 16),
    layers.Flatten(),
    layers.Dense(1, activation="sigmoid"),
])

inputs = tf.keras.Input(shape=(16, 16, 3))
x = layers.Lambda(lambda t: tf.reduce_mean(t, axis=-1))(inputs)
x = layers.Flatten()(x)
outputs = layers.Dense(2, activation="softmax")(x)
lambda_model = tf.keras.Model(inputs, outputs)
