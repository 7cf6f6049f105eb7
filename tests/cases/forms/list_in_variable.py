import tensorflow as tf

stack = [
    tf.keras.layers.Conv1D(64, 5, activation="relu", input_shape=(200, 3)),
    tf.keras.layers.MaxPooling1D(2),
    tf.keras.layers.Dense(1),  # expect: FL001
]
model = tf.keras.Sequential(stack)
