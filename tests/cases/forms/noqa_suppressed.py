from keras.models import Sequential
from keras.layers import Conv2D, Dense

model = Sequential([
    Conv2D(8, 3, input_shape=(8, 8, 1)),
    Dense(2),  # noqa: FL001
])
other = Sequential([
    Conv2D(8, 3, input_shape=(8, 8, 1)),
    Dense(2),  # noqa
])
