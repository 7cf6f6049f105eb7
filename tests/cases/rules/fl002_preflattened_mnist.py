# FL002: the MNIST images were reshaped to 784 values beforehand; the first Flatten is a no-op.
from tensorflow import keras
from tensorflow.keras import layers

model = keras.Sequential(
    [
        layers.Flatten(input_shape=(784,)),  # expect: FL002
        layers.Dense(512, activation="relu"),
        layers.Dropout(0.2),
        layers.Dense(512, activation="relu"),
        layers.Dropout(0.2),
        layers.Dense(10, activation="softmax"),
    ]
)
model.compile(loss="categorical_crossentropy", optimizer="rmsprop", metrics=["accuracy"])
