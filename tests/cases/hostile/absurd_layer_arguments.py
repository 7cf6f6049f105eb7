# Hostile: layer arguments Keras refuses (too large, zero, negative, a string or float where an int
# belongs, a tuple of the wrong length, an unknown padding or data format, a required one missing).
# Keras builds none of these models, so a finding about their shapes would be a guess: every model
# here must stay silent.
from tensorflow.keras import Sequential
from tensorflow.keras.layers import Conv2D, Cropping2D, Dense, Dropout, MaxPooling2D, ZeroPadding2D

huge_filters = Sequential([Conv2D(10**100, 3, input_shape=(8, 8, 1)), Dense(2)])
zero_filters = Sequential([Conv2D(0, 3, input_shape=(8, 8, 1)), Dense(2)])
negative_filters = Sequential([Conv2D(-4, 3, input_shape=(8, 8, 1)), Dense(2)])
string_filters = Sequential([Conv2D("32", 3, input_shape=(8, 8, 1)), Dense(2)])
float_filters = Sequential([Conv2D(3.5, 3, input_shape=(8, 8, 1)), Dense(2)])
zero_kernel = Sequential([Conv2D(4, 0, input_shape=(8, 8, 1)), Dense(2)])
float_kernel = Sequential([Conv2D(4, 3.0, input_shape=(8, 8, 1)), Dense(2)])
kernel_of_three_axes = Sequential([Conv2D(4, (3, 3, 3), input_shape=(8, 8, 1)), Dense(2)])
zero_strides = Sequential([Conv2D(4, 3, strides=0, input_shape=(8, 8, 1)), Dense(2)])
unknown_padding = Sequential([Conv2D(4, 3, padding="bogus", input_shape=(8, 8, 1)), Dense(2)])
zero_units = Sequential([Conv2D(4, 3, input_shape=(8, 8, 1)), Dense(0)])
negative_units = Sequential([Conv2D(4, 3, input_shape=(8, 8, 1)), Dense(-2)])
float_units = Sequential([Conv2D(4, 3, input_shape=(8, 8, 1)), Dense(2.5)])
string_units = Sequential([Conv2D(4, 3, input_shape=(8, 8, 1)), Dense("2")])
none_units = Sequential([Conv2D(4, 3, input_shape=(8, 8, 1)), Dense(None)])
huge_units = Sequential([Conv2D(4, 3, input_shape=(8, 8, 1)), Dense(10**100)])
rate_above_one = Sequential([Conv2D(4, 3, input_shape=(8, 8, 1)), Dropout(2), Dense(2)])
zero_pool = Sequential([Conv2D(4, 3, input_shape=(8, 8, 1)), MaxPooling2D(0), Dense(2)])
# Keras 3 pooling, unlike convolution, does not accept padding in capitals.
capital_pool_padding = Sequential([Conv2D(4, 3, input_shape=(8, 8, 1)), MaxPooling2D(2, padding="SAME"),
                                   Dense(2)])
string_zero_padding = Sequential([Conv2D(4, 3, input_shape=(8, 8, 1)), ZeroPadding2D("same"), Dense(2)])
negative_cropping = Sequential([Conv2D(4, 3, input_shape=(8, 8, 1)), Cropping2D(-1), Dense(2)])
unknown_data_format = Sequential([Conv2D(4, 3, data_format="bogus", input_shape=(8, 8, 1)), Dense(2)])
missing_kernel_size = Sequential([Conv2D(filters=4, input_shape=(8, 8, 1)), Dense(2)])
none_strides = Sequential([Conv2D(4, 3, strides=None, input_shape=(8, 8, 1)), Dense(2)])
none_rate = Sequential([Conv2D(4, 3, input_shape=(8, 8, 1)), Dropout(None), Dense(2)])
