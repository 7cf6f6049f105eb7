# Pattern: keras issue on ConvLSTM2D(return_sequences=False) feeding Dense in a frame-sequence classifier
from keras.models import Sequential
from keras.layers import BatchNormalization, ConvLSTM2D, Dense

FRAMES, ROWS, COLS = 10, 40, 40

seq = Sequential()
seq.add(ConvLSTM2D(filters=16, kernel_size=(3, 3), padding="same", return_sequences=True,
                   input_shape=(FRAMES, ROWS, COLS, 1)))
seq.add(BatchNormalization())
seq.add(ConvLSTM2D(filters=16, kernel_size=(3, 3), padding="same", return_sequences=False))
seq.add(BatchNormalization())
seq.add(Dense(3, activation="softmax"))  # expect: FL001
seq.compile(loss="categorical_crossentropy", optimizer="adadelta")
