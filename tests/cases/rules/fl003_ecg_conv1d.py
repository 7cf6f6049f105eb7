# FL003: 1D CNN on a 5000-sample ECG trace; Flatten passes ~80k features to the Dense.
from keras import layers, models

def build_model(n_classes=5):
    model = models.Sequential([
        layers.Input(shape=(5000, 1)),
        layers.Conv1D(32, 5, activation="relu"),
        layers.MaxPooling1D(2),
        layers.BatchNormalization(),
        layers.Flatten(),
        layers.Dense(64, activation="relu"),  # expect: FL003
        layers.Dense(n_classes, activation="softmax"),
    ])
    return model

model = build_model()
