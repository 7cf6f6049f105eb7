from keras import layers, models

model = models.Sequential()
model.add(layers.Input(shape=(64, 64, 3)))
for filters in (32, 64, 128):
    model.add(layers.Conv2D(filters, 3, activation="relu"))
    model.add(layers.MaxPooling2D())
model.add(layers.Dense(3, activation="softmax"))  # expect: FL001
