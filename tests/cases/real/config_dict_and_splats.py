# Pattern: research scripts that keep sizes in a config dict and share layer arguments through
# ** splats; the head forgot Flatten.
from tensorflow import keras
from tensorflow.keras import layers

CONFIG = {"filters": [32, 64], "kernel": 3, "classes": 10, "dense": 2 * [64]}
conv_args = dict(kernel_size=CONFIG["kernel"], padding="same", activation="relu")
pool_args = {"pool_size": 2}

inputs = keras.Input((32, 32, 3))
x = inputs
for filters in CONFIG["filters"]:
    x = layers.Conv2D(filters, **conv_args)(x)
    x = layers.MaxPooling2D(**pool_args)(x)
for units in CONFIG.get("dense", []):
    x = layers.Dense(units, activation="relu")(x)  # expect: FL001
outputs = layers.Dense(max(CONFIG["classes"], 2), activation="softmax")(x)
model = keras.Model(inputs, outputs)
