# FL002: text classifier with a CNN and a BiLSTM branch; both branches are flattened after reducing to rank 2.
from keras import layers, Model, Input

MAX_LEN, VOCAB = 200, 20000

tokens = Input(shape=(MAX_LEN,), dtype="int32")
embedded = layers.Embedding(VOCAB, 128)(tokens)

conv = layers.Conv1D(128, 5, activation="relu")(embedded)
conv = layers.GlobalMaxPooling1D()(conv)
conv = layers.Flatten()(conv)  # expect: FL002

rnn = layers.Bidirectional(layers.LSTM(64))(embedded)
rnn = layers.Flatten()(rnn)  # expect: FL002

merged = layers.concatenate([conv, rnn])
hidden = layers.Dense(64, activation="relu")(merged)
hidden = layers.Flatten()(hidden)  # expect: FL002
output = layers.Dense(1, activation="sigmoid")(hidden)
model = Model(tokens, output)
