# FL006 negatives: global pooling over None dims, Flatten as the output, unknown shapes, a flat input.
import tensorflow as tf
from tensorflow.keras import layers

inputs = tf.keras.Input(shape=(None, None, 3))
x = layers.Conv2D(32, 3, activation="relu")(inputs)
x = layers.GlobalAveragePooling2D()(x)
outputs = layers.Dense(10, activation="softmax")(x)
any_size = tf.keras.Model(inputs, outputs)

flat_out = tf.keras.Sequential([
    layers.Input(shape=(None, 8)),
    layers.Conv1D(4, 3),
    layers.Flatten(),
])

unbuilt = tf.keras.Sequential([
    layers.Conv2D(32, 3, activation="relu"),
    layers.Flatten(),
    layers.Dense(10),
])

# Already flat: the Dense fails with or without the Flatten, which is FL002's business, not FL006's.
ids = tf.keras.Input(shape=(None,))
flat_ids = layers.Flatten()(ids)  # expect: FL002
dense_ids = layers.Dense(4)(flat_ids)
ragged = tf.keras.Model(ids, dense_ids)
