# Pattern: SO CNN+LSTM video classifier; TimeDistributed(Conv2D/MaxPooling2D/Flatten) -> LSTM -> Dense
from tensorflow.keras.layers import Conv2D, Dense, Flatten, LSTM, MaxPooling2D, TimeDistributed
from tensorflow.keras.models import Sequential

N_FRAMES = 8

model = Sequential([
    TimeDistributed(Conv2D(16, (3, 3), activation="relu"), input_shape=(N_FRAMES, 96, 96, 3)),
    TimeDistributed(MaxPooling2D((2, 2))),
    TimeDistributed(Conv2D(32, (3, 3), activation="relu")),
    TimeDistributed(MaxPooling2D((2, 2))),
    TimeDistributed(Flatten()),
    LSTM(64, return_sequences=False),
    Dense(32, activation="relu"),
    Dense(4, activation="softmax"),
])
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
