# Pattern: Keras-2-era CNN script that switches Keras to channels-first for the whole session (K.set_image_dim_ordering('th') / set_image_data_format) and declares images as (channels, rows, cols)
from tensorflow import keras
from tensorflow.keras import backend as K
from tensorflow.keras.layers import Conv2D, Dense, Dropout, Flatten, MaxPooling2D
from tensorflow.keras.models import Sequential

K.set_image_data_format("channels_first")

N_CLASSES = 5

net = Sequential()
net.add(Conv2D(32, (3, 3), padding="same", activation="relu", input_shape=(3, 96, 96)))
net.add(MaxPooling2D((2, 2)))
net.add(Conv2D(64, (3, 3), padding="same", activation="relu"))
net.add(MaxPooling2D((2, 2)))
net.add(Conv2D(64, (3, 3), activation="relu"))
net.add(MaxPooling2D((2, 2)))
net.add(Flatten())
net.add(Dropout(0.5))
net.add(Dense(N_CLASSES, activation="softmax"))
net.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])

digits_in = keras.Input(shape=(1, 28, 28))
h = Conv2D(16, 5, activation="relu")(digits_in)
h = MaxPooling2D(2)(h)
h = Conv2D(32, 5, activation="relu")(h)
h = MaxPooling2D(2)(h)
h = Flatten()(h)
digits_out = Dense(10, activation="softmax")(h)
digits = keras.Model(digits_in, digits_out)
