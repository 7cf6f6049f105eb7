# Pattern: classic "Conv1D for text classification" IMDB example; Embedding, Conv1D, GlobalMaxPooling1D, Dense
from keras.datasets import imdb
from keras.layers import Activation, Conv1D, Dense, Dropout, Embedding, GlobalMaxPooling1D
from keras.models import Sequential
from keras.preprocessing import sequence

vocab = 6000
maxlen = 300
embed_dim = 64

(x_train, y_train), (x_test, y_test) = imdb.load_data(num_words=vocab)
x_train = sequence.pad_sequences(x_train, maxlen=maxlen)

model = Sequential()
model.add(Embedding(vocab, embed_dim))
model.add(Dropout(0.2))
model.add(Conv1D(200, 4, padding="valid", activation="relu", strides=1))
model.add(GlobalMaxPooling1D())
model.add(Dense(128))
model.add(Dropout(0.2))
model.add(Activation("relu"))
model.add(Dense(1))
model.add(Activation("sigmoid"))
model.build((None, maxlen))
model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])
model.fit(x_train, y_train, batch_size=32, epochs=2)
