# Hostile: arguments that look wrong but that Keras accepts.  Each model is a convolution feeding a
# Dense without Flatten, which Keras builds into a rank-4 output: the finding is certain.
from tensorflow.keras import Sequential
from tensorflow.keras.layers import Conv2D, Dense, ZeroPadding2D

huge_strides = Sequential([Conv2D(4, 3, strides=100, input_shape=(8, 8, 1)), Dense(2)])  # expect: FL001
capital_padding = Sequential([Conv2D(4, 3, strides=2, padding="SAME", input_shape=(8, 8, 1)), Dense(2)])  # expect: FL001
bool_filters = Sequential([Conv2D(True, 3, input_shape=(8, 8, 1)), Dense(2)])  # expect: FL001
list_kernel = Sequential([Conv2D(4, [3, 3], input_shape=[8, 8, 1]), Dense(2)])  # expect: FL001
string_use_bias = Sequential([Conv2D(4, 3, use_bias="no", input_shape=(8, 8, 1)), Dense(2)])  # expect: FL001
negative_pad = Sequential([Conv2D(4, 3, input_shape=(8, 8, 1)), ZeroPadding2D(-1), Dense(2)])  # expect: FL001
empty_splat = Sequential([Conv2D(4, 3, input_shape=(8, 8, 1)), Dense(2, **{})])  # expect: FL001
