# Hostile: the head is added inside a match statement.  Every case lowers the rank, so the Dense
# after it receives a flat tensor whatever ``kind`` is.
from tensorflow.keras import Sequential
from tensorflow.keras.layers import Conv2D, Dense, Flatten, GlobalAveragePooling2D


def build(kind):
    model = Sequential([Conv2D(4, 3, input_shape=(8, 8, 1))])
    match kind:
        case "flat":
            model.add(Flatten())
        case _:
            model.add(GlobalAveragePooling2D())
    model.add(Dense(2))
    return model
