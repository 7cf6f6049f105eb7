# Pattern: GitHub intrusion-detection script; input_shape taken from X_train, Conv1D -> LSTM -> Dense
from tensorflow.keras.layers import Conv1D, Dense, Dropout, LSTM
from tensorflow.keras.models import Sequential
from tensorflow.keras.optimizers import Adam

model = Sequential([
    Conv1D(filters=48, kernel_size=3, activation="relu", input_shape=(X_train.shape[1], X_train.shape[2])),
    Dropout(0.3),
    LSTM(48, return_sequences=False),
    Dense(32, activation="relu"),
    Dropout(0.3),
    Dense(1, activation="sigmoid"),
])
model.compile(optimizer=Adam(learning_rate=1e-3), loss="binary_crossentropy", metrics=["accuracy"])
history = model.fit(X_train, y_train, epochs=20, batch_size=128, validation_data=(X_val, y_val))
