# FL004: a Reshape back to 28x28 forgets the channel axis, and a pooling-first model does the same.
from tensorflow import keras

flat_in = keras.Input(shape=(784,))
x = keras.layers.Reshape((28, 28))(flat_in)
x = keras.layers.Conv2D(16, 3, activation="relu")(x)  # expect: FL004
x = keras.layers.Flatten()(x)
decoder = keras.Model(flat_in, keras.layers.Dense(10)(x))

pool_first = keras.Sequential([
    keras.layers.MaxPooling2D(pool_size=2, input_shape=(64, 64)),  # expect: FL004
    keras.layers.Conv2D(8, 3),
    keras.layers.GlobalMaxPooling2D(),
    keras.layers.Dense(3, activation="softmax"),
])
