# Pattern: object-localisation question; class head pooled, box-regression head hung on the raw feature map
import tensorflow as tf
from tensorflow.keras import layers

inputs = tf.keras.Input(shape=(96, 96, 3))
x = layers.Conv2D(32, 3, activation="relu")(inputs)
x = layers.MaxPooling2D()(x)
x = layers.Conv2D(64, 3, activation="relu")(x)
x = layers.MaxPooling2D()(x)

label = layers.GlobalAveragePooling2D()(x)
label = layers.Dense(3, activation="softmax", name="label")(label)
box = layers.Dense(4, activation="sigmoid", name="box")(x)  # expect: FL001

model = tf.keras.Model(inputs=inputs, outputs=[label, box])
model.compile(optimizer="adam", loss={"label": "categorical_crossentropy", "box": "mse"})
