# Pattern: TF text-classification tutorial; Embedding -> Bidirectional(LSTM) -> Dense, no convolution at all
import tensorflow as tf

VOCAB_SIZE = 10000

model = tf.keras.Sequential([
    tf.keras.layers.Input(shape=(None,), dtype="int64"),
    tf.keras.layers.Embedding(VOCAB_SIZE, 48, mask_zero=True),
    tf.keras.layers.Bidirectional(tf.keras.layers.LSTM(48)),
    tf.keras.layers.Dense(48, activation="relu"),
    tf.keras.layers.Dense(1),
])
model.compile(loss=tf.keras.losses.BinaryCrossentropy(from_logits=True), optimizer="adam")
