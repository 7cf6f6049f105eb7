# FL005: valid 5x5 convs and a pooling shrink a 16x16 patch until the last kernel no longer fits;
# a dilated conv on a 7x7 map spans 9 pixels.
from keras import Input, Model, layers

patch = Input(shape=(16, 16, 1))
x = layers.Conv2D(32, 5, activation="relu")(patch)
x = layers.MaxPooling2D()(x)
x = layers.Conv2D(64, 5, activation="relu")(x)
x = layers.Conv2D(64, 5, activation="relu")(x)  # expect: FL005
x = layers.Flatten()(x)
small = Model(patch, layers.Dense(2, activation="softmax")(x))

features = Input(shape=(7, 7, 512))
y = layers.Conv2D(256, 3, dilation_rate=4)(features)  # expect: FL005
y = layers.GlobalAveragePooling2D()(y)
context = Model(features, layers.Dense(21)(y))
