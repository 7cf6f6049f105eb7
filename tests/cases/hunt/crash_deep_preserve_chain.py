# Pattern: very deep generated stack (nested loops): hundreds of shape-preserving layers between the last conv and a Dense head (crashed FL001 with RecursionError)
from tensorflow.keras import Sequential, layers

model = Sequential([layers.Input((32, 32, 3)), layers.Conv2D(8, 3, activation="relu")])
for stage in range(20):
    for step in range(20):
        model.add(layers.BatchNormalization())
model.add(layers.Dense(2, activation="softmax"))  # expect: FL001
