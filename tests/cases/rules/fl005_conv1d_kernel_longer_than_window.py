# FL005: sensor windows of 10 steps, but the first Conv1D kernel spans 12.
import tensorflow as tf

N_STEPS, N_FEATURES = 10, 3

model = tf.keras.models.Sequential([
    tf.keras.layers.Input(shape=(N_STEPS, N_FEATURES)),
    tf.keras.layers.Conv1D(filters=64, kernel_size=12, activation="relu"),  # expect: FL005
    tf.keras.layers.Flatten(),
    tf.keras.layers.Dense(50, activation="relu"),
    tf.keras.layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse")
