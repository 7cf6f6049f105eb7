# Helpers that return lists of layers, spliced into a Sequential.
from keras import layers, models


def features(width):
    return [layers.Conv2D(width, 3, activation="relu"), layers.MaxPooling2D()]


def head(classes):
    return [layers.Flatten(), layers.Dense(classes, activation="softmax")]


good = models.Sequential([layers.Input((64, 64, 3)), *features(16), *features(32), *head(5)])
bad = models.Sequential([layers.Input((64, 64, 3))] + features(16) + [layers.Dense(5)])  # expect: FL001
