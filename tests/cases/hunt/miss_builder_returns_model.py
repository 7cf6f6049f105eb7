# Pattern: models.py of a project: builder functions return the model directly (return Model(...) / return Sequential([...])) and are called from another module
from tensorflow import keras
from tensorflow.keras import layers


def build_classifier(num_classes):
    inputs = keras.Input(shape=(64, 64, 3))
    x = layers.Conv2D(32, 3, activation="relu")(inputs)
    x = layers.MaxPooling2D()(x)
    x = layers.Conv2D(64, 3, activation="relu")(x)
    x = layers.MaxPooling2D()(x)
    x = layers.Dense(128, activation="relu")(x)  # expect: FL001
    outputs = layers.Dense(num_classes, activation="softmax")(x)
    return keras.Model(inputs, outputs, name="classifier")


def build_small_cnn(num_classes=10):
    return keras.Sequential([
        keras.Input(shape=(28, 28, 1)),
        layers.Conv2D(16, 3, activation="relu"),
        layers.MaxPooling2D(),
        layers.Dropout(0.25),
        layers.Dense(num_classes, activation="softmax"),  # expect: FL001
    ])


def build_ok(num_classes):
    inputs = keras.Input(shape=(64, 64, 3))
    x = layers.Conv2D(32, 3, activation="relu")(inputs)
    x = layers.GlobalAveragePooling2D()(x)
    return keras.Model(inputs, layers.Dense(num_classes, activation="softmax")(x))
