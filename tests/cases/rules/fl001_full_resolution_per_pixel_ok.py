# Per-pixel heads on maps as large as the image ('same' padding, no stride, stride-1 pooling):
# a corner detector with one sigmoid per pixel and a five-class pixel labeller. Keras outputs
# (None, 5, 5, 1) and (None, 64, 64, 5), as their authors want. The third model pools first:
# its Dense sees a 32x32 map of a 64x64 image, the classifier shape of the bug.
from keras import layers, models

grid = layers.Input(shape=(5, 5, 1))
g = layers.Conv2D(5, (3, 3), activation="relu", padding="same")(grid)
g = layers.MaxPooling2D((2, 2), strides=1, padding="same")(g)
corners = models.Model(grid, layers.Dense(1, activation="sigmoid")(g))

image = layers.Input(shape=(64, 64, 3))
p = layers.Conv2D(16, 3, padding="same", activation="relu")(image)
p = layers.Conv2D(16, 3, padding="same", activation="relu")(p)
labeller = models.Model(image, layers.Dense(5, activation="softmax")(p))

q = layers.MaxPooling2D()(layers.Conv2D(16, 3, padding="same", activation="relu")(image))
classifier = models.Model(image, layers.Dense(5, activation="softmax")(q))  # expect: FL001
