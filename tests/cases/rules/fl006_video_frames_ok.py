# FL006 negative: any number of frames, each of fixed size; TimeDistributed(Flatten) keeps the steps.
from keras import layers, models

clip = layers.Input(shape=(None, 32, 32, 3))
x = layers.TimeDistributed(layers.Conv2D(16, 3, activation="relu"))(clip)
x = layers.TimeDistributed(layers.MaxPooling2D())(x)
x = layers.TimeDistributed(layers.Flatten())(x)
x = layers.LSTM(32)(x)
out = layers.Dense(4, activation="softmax")(x)
model = models.Model(clip, out)
