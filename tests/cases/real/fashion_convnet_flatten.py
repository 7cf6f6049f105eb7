# Pattern: keras.io "simple convnet" example adapted to Fashion-MNIST (correct: Flatten before the classifier)
import numpy as np
import keras
from keras import layers

N_CLASSES = 10
SHAPE = (28, 28, 1)

(x_tr, y_tr), (x_te, y_te) = keras.datasets.fashion_mnist.load_data()
x_tr = np.expand_dims(x_tr.astype("float32") / 255.0, -1)
y_tr = keras.utils.to_categorical(y_tr, N_CLASSES)

model = keras.Sequential(
    [
        keras.Input(shape=SHAPE),
        layers.Conv2D(24, kernel_size=(3, 3), activation="relu"),
        layers.MaxPooling2D(pool_size=(2, 2)),
        layers.Conv2D(48, kernel_size=(3, 3), activation="relu"),
        layers.MaxPooling2D(pool_size=(2, 2)),
        layers.Flatten(),
        layers.Dropout(0.4),
        layers.Dense(N_CLASSES, activation="softmax"),
    ]
)
model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
model.fit(x_tr, y_tr, batch_size=64, epochs=10, validation_split=0.1)
