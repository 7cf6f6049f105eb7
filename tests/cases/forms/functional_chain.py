from tensorflow.keras.layers import Input, Conv2D, MaxPooling2D, Dense, Dropout
from tensorflow.keras.models import Model

inp = Input(shape=(48, 48, 1))
x = Conv2D(32, (3, 3), activation="relu")(inp)
x = MaxPooling2D((2, 2))(x)
x = Dropout(0.25)(x)
x = Dense(64, activation="relu")(x)  # expect: FL001
out = Dense(7, activation="softmax")(x)
model = Model(inputs=inp, outputs=out)
