# Pattern: NER tutorial; Embedding -> Bidirectional(LSTM, return_sequences) -> TimeDistributed(Dense) tag head
from keras.layers import LSTM, Bidirectional, Dense, Dropout, Embedding, Input, TimeDistributed
from keras.models import Model

MAX_WORDS = 50
N_WORDS = 12000
N_TAGS = 17

tokens = Input(shape=(MAX_WORDS,))
x = Embedding(input_dim=N_WORDS, output_dim=64)(tokens)
x = Dropout(0.1)(x)
x = Bidirectional(LSTM(units=64, return_sequences=True, recurrent_dropout=0.1))(x)
tags = TimeDistributed(Dense(N_TAGS, activation="softmax"))(x)
tagger = Model(tokens, tags)
tagger.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
