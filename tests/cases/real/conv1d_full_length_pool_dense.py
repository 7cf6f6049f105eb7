# Pattern: keras issue "expected dense_1 to have 3 dimensions"; Conv1D sentence model pooled over the whole length, no Flatten
from keras.layers import Conv1D, Dense, Dropout, MaxPooling1D
from keras.models import Sequential

MAX_LEN = 80
WINDOW = 3
VECTOR_LEN = 100
N_LABELS = 5

steps = MAX_LEN - WINDOW + 1
model = Sequential()
model.add(Conv1D(64, WINDOW, padding="same", input_shape=(steps, WINDOW * VECTOR_LEN)))
model.add(MaxPooling1D(steps))
model.add(Dropout(0.5))
model.add(Dense(N_LABELS, activation="softmax"))  # expect: FL001
model.compile(optimizer="adadelta", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
