# Hostile: Lambda layers and lambdas that make layers.  What a lambda computes is not followed,
# so nothing after it is judged.
import tensorflow as tf
from tensorflow.keras import Model, Sequential
from tensorflow.keras.layers import Conv2D, Dense, Flatten, Input, Lambda

identity = Sequential([Conv2D(4, 3, input_shape=(8, 8, 1)), Lambda(lambda t: t), Dense(2)])
flattening = Sequential([Conv2D(4, 3, input_shape=(8, 8, 1)), Lambda(lambda t: tf.reshape(t, (-1, 144))),
                         Dense(2)])

make_head = lambda: Flatten()  # noqa: E731
from_lambda = Sequential([Conv2D(4, 3, input_shape=(8, 8, 1)), make_head(), Dense(2)])

inputs = Input((8, 8, 1))
features = Conv2D(4, 3)(inputs)
pooled = Lambda(lambda t: tf.reduce_mean(t, axis=(1, 2)))(features)
functional = Model(inputs, Dense(2)(pooled))
