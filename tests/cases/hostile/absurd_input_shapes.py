# Hostile: odd input shapes.  Where Keras refuses the input (a negative, float or string dimension, a
# bare int, Input(shape=None)) the model stays silent; where Keras builds it (input_shape=None is
# Keras' default, a huge or open dimension) the Dense on the feature map is certain.
from tensorflow.keras import Input, Sequential
from tensorflow.keras.layers import Conv2D, Dense

negative_dim = Sequential([Conv2D(4, 3, input_shape=(-5, 8, 1)), Dense(2)])
float_dim = Sequential([Conv2D(4, 3, input_shape=(8.0, 8, 1)), Dense(2)])
string_dim = Sequential([Conv2D(4, 3, input_shape=("8", 8, 1)), Dense(2)])
bare_int = Sequential([Conv2D(4, 3, input_shape=8), Dense(2)])
input_without_shape = Sequential([Input(shape=None), Conv2D(4, 3), Dense(2)])

default_input = Sequential([Conv2D(4, 3, input_shape=None), Dense(2)])  # expect: FL001
open_dims = Sequential([Conv2D(4, 3, input_shape=(None, None, 1)), Dense(2)])  # expect: FL001
huge_dims = Sequential([Conv2D(4, 3, input_shape=(100000, 100000, 1)), Dense(2)])  # expect: FL001
astronomic_dim = Sequential([Conv2D(4, 3, input_shape=(10**100, 8, 1)), Dense(2)])  # expect: FL001
# A kernel larger than an empty image: Keras refuses with "output size would be zero or negative".
empty_image = Sequential([Conv2D(4, 3, input_shape=(0, 0, 1)), Dense(2)])  # expect: FL005
