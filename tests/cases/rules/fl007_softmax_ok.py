# FL007 negatives: two softmax units, a sigmoid unit, attention weights softmaxed over time.
from keras import Input, Model, layers

x_in = Input(shape=(20,))
h = layers.Dense(16, activation="relu")(x_in)
two = Model(x_in, layers.Dense(2, activation="softmax")(h))
one = Model(x_in, layers.Dense(1, activation="sigmoid")(h))

steps = Input(shape=(40, 64))
scores = layers.Dense(1, activation="tanh")(steps)
scores = layers.Flatten()(scores)
weights = layers.Activation("softmax")(scores)
attention = Model(steps, weights)

over_time = layers.Softmax(axis=1)(layers.Dense(1)(steps))
attention_axis = Model(steps, over_time)
