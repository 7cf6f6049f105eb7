# Pattern: precipitation-nowcasting style classifier; ConvLSTM2D last state, Flatten, then Dense (correct)
from tensorflow.keras.layers import BatchNormalization, ConvLSTM2D, Dense, Dropout, Flatten
from tensorflow.keras.models import Sequential

model = Sequential()
model.add(ConvLSTM2D(filters=8, kernel_size=(3, 3), padding="same", return_sequences=False,
                     input_shape=(6, 32, 32, 1)))
model.add(BatchNormalization())
model.add(Flatten())
model.add(Dropout(0.3))
model.add(Dense(2, activation="softmax"))
