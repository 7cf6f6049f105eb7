# Pattern: SO "Understanding output of Dense layer for higher dimension"; Dense used point-wise, then flattened or pooled
from keras.layers import Conv2D, Dense, Flatten, GlobalAveragePooling2D, Input
from keras.models import Model, Sequential

pointwise_then_flatten = Sequential([
    Input(shape=(4, 5, 1)),
    Conv2D(8, (2, 2)),
    Conv2D(4, (2, 2)),
    Dense(5),
    Flatten(),
    Dense(1),
])

pixels = Input(shape=(32, 32, 3))
h = Conv2D(16, 3, activation="relu")(pixels)
h = Dense(8, activation="relu")(h)
h = GlobalAveragePooling2D()(h)
score = Dense(1, activation="sigmoid")(h)
pointwise_then_pool = Model(pixels, score)
