# FL006: padded batches of any length; Flatten over the time axis leaves Dense without a kernel size.
import keras
from keras import layers

tokens = keras.Input(shape=(None,), dtype="int32")
x = layers.Embedding(input_dim=10000, output_dim=64)(tokens)
x = layers.Flatten()(x)  # expect: FL006
x = layers.Dense(1, activation="sigmoid")(x)
model = keras.Model(tokens, x)
