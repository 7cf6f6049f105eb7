# FL007: a functional fraud detector; the Softmax layer normalises over one unit; the unit count is a kwarg.
import tensorflow as tf

features = tf.keras.Input(shape=(30,))
x = tf.keras.layers.Dense(32, activation="relu")(features)
x = tf.keras.layers.BatchNormalization()(x)
x = tf.keras.layers.Dense(units=1)(x)  # expect: FL007
x = tf.keras.layers.BatchNormalization()(x)
prob = tf.keras.layers.Softmax()(x)
model = tf.keras.Model(inputs=features, outputs=prob)
