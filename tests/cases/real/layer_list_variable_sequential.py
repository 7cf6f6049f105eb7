# Pattern: GitHub LeNet script keeping the layer stack in a list variable; Flatten missing
from tensorflow.keras.layers import Conv2D, Dense, Dropout, MaxPooling2D
from tensorflow.keras.models import Sequential

IMG_ROWS, IMG_COLS = 28, 28
num_classes = 10


def make_model():
    stack = [
        Conv2D(6, (5, 5), activation="relu", input_shape=(IMG_ROWS, IMG_COLS, 1)),
        MaxPooling2D(pool_size=(2, 2)),
        Conv2D(16, (5, 5), activation="relu"),
        MaxPooling2D(pool_size=(2, 2)),
        Dropout(0.25),
        Dense(120, activation="relu"),  # expect: FL001
        Dense(84, activation="relu"),
        Dense(num_classes, activation="softmax"),
    ]
    model = Sequential(stack)
    return model


model = make_model()
