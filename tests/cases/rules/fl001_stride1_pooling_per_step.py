# Per-time-step regression (targets shaped (N, steps, 1)): the only pooling moves one step at
# a time with "same" padding, so the sequence keeps its 375 steps and the Dense head runs once
# per step on purpose. Keras: output (None, 375, 1). The second model pools for real (window 2,
# stride 2): a 1D feature extractor whose head forgot Flatten.
import keras
from keras import layers

steps_in = keras.Input(shape=(375, 24))
h = layers.Conv1D(64, 3, padding="same", activation="relu")(steps_in)
h = layers.MaxPooling1D(pool_size=3, strides=1, padding="same")(h)
h = layers.Dense(128, activation="relu")(h)
per_step = keras.Model(steps_in, layers.Dense(1)(h))

any_length = keras.Sequential([
    keras.Input(shape=(None, 8)),
    layers.Conv1D(32, 5, padding="same", activation="relu"),
    layers.AveragePooling1D(pool_size=1),
    layers.Dense(1),
])

clips = keras.Sequential([
    keras.Input(shape=(400, 1)),
    layers.Conv1D(16, 9, activation="relu"),
    layers.MaxPooling1D(),
    layers.Dense(4, activation="softmax"),  # expect: FL001
])
