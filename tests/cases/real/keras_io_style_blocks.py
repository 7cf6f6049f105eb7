# Pattern: keras.io-style builders: a block factory returning a closure that tests the input's
# width against its own argument, an activation layer passed in and applied only if given, and
# keras.ops activations on tensors; the classifier head forgot to pool.
import keras
from keras import layers, ops


def residual_block(width):
    def apply(x):
        if x.shape[3] == width:
            residual = x
        else:
            residual = layers.Conv2D(width, kernel_size=1)(x)
        x = layers.Conv2D(width, kernel_size=3, padding="same")(x)
        return layers.Add()([x, residual])

    return apply


def conv(x, filters, activation=None):
    x = layers.Conv2D(filters, 3, padding="same")(x)
    if activation:
        x = activation(x)
    return x


inp = keras.Input(shape=(32, 32, 3))
x = layers.Conv2D(8, 3, strides=2)(inp)
x = residual_block(16)(x)
x = residual_block(16)(x)
x = conv(x, 16, activation=layers.LeakyReLU(0.2))
x = ops.relu(layers.MaxPooling2D()(x))
out = layers.Dense(10, activation="softmax")(x)  # expect: FL001
model = keras.Model(inp, out)
