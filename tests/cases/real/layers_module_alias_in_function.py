# Pattern: GitHub script checking an MNIST net via summary(); `import keras.layers as layers`, Dense right after MaxPool2D
import keras
from keras.models import Sequential
import keras.layers as layers


def mnist_net():
    net = Sequential([
        layers.Conv2D(24, 5, input_shape=(28, 28, 1), padding="same"),
        layers.ReLU(),
        layers.MaxPool2D(),
        layers.Conv2D(48, 5, padding="same"),
        layers.ReLU(),
        layers.MaxPool2D(),
        layers.Dense(512),  # expect: FL001
        layers.ReLU(),
        layers.Dense(10),
        layers.Softmax(),
    ])
    net.summary()
    return net


mnist_net()
