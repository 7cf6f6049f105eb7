# Pattern: TF time-series tutorial "conv_model": a Sequential without input shape, Conv1D then Dense applied per time step on purpose (labels are (batch, time, 1) windows)
import tensorflow as tf

WIDTH = 3

window_model = tf.keras.Sequential([
    tf.keras.layers.Conv1D(filters=32, kernel_size=(WIDTH,), activation="relu"),
    tf.keras.layers.Dense(units=32, activation="relu"),
    tf.keras.layers.Dense(units=1),
])
window_model.compile(loss=tf.keras.losses.MeanSquaredError(), optimizer=tf.keras.optimizers.Adam())
