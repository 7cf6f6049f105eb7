# FL002: a small ResNet-style classifier flattens the already-flat output of global pooling.
import tensorflow as tf

inputs = tf.keras.Input(shape=(64, 64, 3))
x = tf.keras.layers.Conv2D(32, 3, padding="same", activation="relu")(inputs)
shortcut = x
x = tf.keras.layers.Conv2D(32, 3, padding="same", activation="relu")(x)
x = tf.keras.layers.Conv2D(32, 3, padding="same")(x)
x = tf.keras.layers.Add()([x, shortcut])
x = tf.keras.layers.GlobalAveragePooling2D()(x)
x = tf.keras.layers.Flatten()(x)  # expect: FL002
outputs = tf.keras.layers.Dense(10, activation="softmax")(x)
model = tf.keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
