# Pattern: course notebook using `import tensorflow.keras as K`; Sequential list with Conv2D then Dense
import tensorflow.keras as K

model = K.models.Sequential([
    K.layers.Input(shape=(32, 32, 3)),
    K.layers.Conv2D(32, 3, activation="relu"),
    K.layers.Conv2D(32, 3, activation="relu"),
    K.layers.MaxPool2D(),
    K.layers.Dense(64, activation="relu"),  # expect: FL001
    K.layers.Dense(10, activation="softmax"),
])
model.compile(optimizer=K.optimizers.Adam(), loss="sparse_categorical_crossentropy")
