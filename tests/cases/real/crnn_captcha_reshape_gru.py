# Pattern: captcha-breaking CRNN (GitHub): conv stack, Reshape to (width, features), Dense + GRU, per-column softmax for CTC
from keras.layers import GRU, Conv2D, Dense, Input, MaxPooling2D, Reshape
from keras.models import Model

width, height, n_class = 160, 64, 37

image = Input((width, height, 3))
x = image
for filters in (32, 64):
    x = Conv2D(filters, (3, 3), padding="same", activation="relu")(x)
    x = MaxPooling2D(pool_size=(2, 2))(x)
x = Reshape(target_shape=(width // 4, (height // 4) * 64))(x)
x = Dense(32, activation="relu")(x)
x = GRU(64, return_sequences=True)(x)
char_scores = Dense(n_class, activation="softmax")(x)
base_model = Model(inputs=image, outputs=char_scores)
