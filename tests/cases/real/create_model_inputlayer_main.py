# Pattern: GitHub training script: create_model(input_shape) with InputLayer and the Convolution2D alias
from tensorflow.keras.layers import Convolution2D, Dense, Dropout, Flatten, InputLayer, MaxPooling2D
from tensorflow.keras.models import Sequential


def create_model(input_shape, n_out=10):
    model = Sequential()
    model.add(InputLayer(input_shape=input_shape))
    model.add(Convolution2D(32, kernel_size=3, activation="relu"))
    model.add(MaxPooling2D(pool_size=2))
    model.add(Convolution2D(64, kernel_size=3, activation="relu"))
    model.add(MaxPooling2D(pool_size=2))
    model.add(Flatten())
    model.add(Dropout(0.5))
    model.add(Dense(n_out, activation="softmax"))
    return model


if __name__ == "__main__":
    net = create_model((28, 28, 1))
    net.compile(loss="categorical_crossentropy", optimizer="adam")
