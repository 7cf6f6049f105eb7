# Pattern: GitHub action-recognition repo; Conv3D/MaxPooling3D stack with the Flatten missing before Dense
import tensorflow as tf


def video_model(frames=16, size=64, n_classes=5):
    model = tf.keras.models.Sequential()
    model.add(tf.keras.layers.Conv3D(32, kernel_size=(3, 3, 3), padding="same",
                                     input_shape=(frames, size, size, 3)))
    model.add(tf.keras.layers.Activation("relu"))
    model.add(tf.keras.layers.MaxPooling3D(pool_size=(2, 2, 2), padding="same"))
    model.add(tf.keras.layers.Conv3D(64, kernel_size=(3, 3, 3), padding="same"))
    model.add(tf.keras.layers.Activation("relu"))
    model.add(tf.keras.layers.MaxPooling3D(pool_size=(2, 2, 2), padding="same"))
    model.add(tf.keras.layers.Dropout(0.5))
    model.add(tf.keras.layers.Dense(128, activation="relu"))  # expect: FL001
    model.add(tf.keras.layers.Dense(n_classes, activation="softmax"))
    return model


clf = video_model()
