# Pattern: the pix2pix/segmentation U-Net of the TF tutorials: skip tensors kept in a list, reversed
# and zipped with the upsampling stack; a per-pixel output by design (no finding).
import tensorflow as tf
from tensorflow.keras import layers

def down(filters):
    return tf.keras.Sequential([layers.Conv2D(filters, 4, strides=2, padding="same"), layers.ReLU()])

def up(filters):
    return tf.keras.Sequential([layers.Conv2DTranspose(filters, 4, strides=2, padding="same"), layers.ReLU()])

inputs = layers.Input(shape=[64, 64, 3])
down_stack = [down(16), down(32), down(64)]
up_stack = [up(32), up(16)]
x = inputs
skips = []
for d in down_stack:
    x = d(x)
    skips.append(x)
skips = reversed(skips[:-1])
for u, skip in zip(up_stack, skips):
    x = u(x)
    x = layers.Concatenate()([x, skip])
x = layers.Conv2DTranspose(3, 4, strides=2, padding="same")(x)
model = tf.keras.Model(inputs=inputs, outputs=x)
