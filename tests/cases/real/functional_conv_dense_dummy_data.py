# Pattern: SO question "How does data shape change during Conv2D and Dense?" (functional API, dummy data)
import numpy as np
import keras
from keras.layers import Conv2D, Dense, Input
from keras.models import Model
from keras.optimizers import SGD

n_samples = 64
features = np.random.random((n_samples, 64, 64, 3))
labels = keras.utils.to_categorical(np.random.randint(5, size=(n_samples, 1)), num_classes=5)

image_in = Input(shape=(64, 64, 3))
h = Conv2D(16, (3, 3), activation="relu")(image_in)
h = Dense(128, activation="relu")(h)  # expect: FL001
h = Dense(5, activation="softmax")(h)
net = Model(inputs=[image_in], outputs=[h])

net.compile(loss="categorical_crossentropy", optimizer=SGD(learning_rate=0.01, momentum=0.9))
net.fit(features, labels, batch_size=16, epochs=3)
