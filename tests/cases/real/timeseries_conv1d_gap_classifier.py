# Pattern: keras.io-style timeseries classifier; Conv1D/BatchNormalization/ReLU blocks in a loop, GlobalAveragePooling1D head
import keras
from keras import layers


def make_model(input_shape, num_classes):
    inputs = keras.layers.Input(input_shape)
    x = inputs
    for _ in range(3):
        x = layers.Conv1D(filters=48, kernel_size=3, padding="same")(x)
        x = layers.BatchNormalization()(x)
        x = layers.ReLU()(x)
    x = layers.GlobalAveragePooling1D()(x)
    outputs = layers.Dense(num_classes, activation="softmax")(x)
    return keras.models.Model(inputs=inputs, outputs=outputs)


model = make_model(input_shape=(500, 1), num_classes=2)
