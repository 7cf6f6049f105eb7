# Hostile: a chain of helpers, each calling the next, the last one adding the Flatten.  Deeper than
# static analysis follows calls: the Flatten is out of sight, so the Dense must not be judged.
from tensorflow.keras import Sequential
from tensorflow.keras.layers import Conv2D, Dense, Flatten


def level6(model):
    model.add(Flatten())


def level5(model):
    level6(model)


def level4(model):
    level5(model)


def level3(model):
    level4(model)


def level2(model):
    level3(model)


def level1(model):
    level2(model)


model = Sequential([Conv2D(4, 3, input_shape=(8, 8, 1))])
level1(model)
model.add(Dense(2))
