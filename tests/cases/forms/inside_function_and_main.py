import tensorflow.keras as K


def build(num_classes=10):
    model = K.models.Sequential()
    model.add(K.layers.Conv2D(8, 3, input_shape=(32, 32, 3)))
    model.add(K.layers.Dense(num_classes, activation="softmax"))  # expect: FL001
    return model


if __name__ == "__main__":
    m = K.Sequential([K.layers.Conv2D(4, 3, input_shape=(16, 16, 1)), K.layers.Flatten(), K.layers.Dense(2)])
    build().summary()
