# Pattern: GitHub fine-tuning module; DenseNet121 without top, Dropout then Dense, built under __main__
from tensorflow import keras
from tensorflow.keras import layers


def build_model(num_classes, img_size=128):
    base = keras.applications.DenseNet121(include_top=False, weights="imagenet",
                                          input_shape=(img_size, img_size, 3))
    base.trainable = False
    x = layers.Dropout(0.3)(base.output)
    out = layers.Dense(num_classes, activation="softmax")(x)  # expect: FL001
    return keras.Model(base.input, out)


if __name__ == "__main__":
    model = build_model(7)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    model.summary()
