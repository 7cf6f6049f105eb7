from keras import layers, models

stack = [layers.Conv1D(f, 5, activation="relu") for f in (32, 64)]
model = models.Sequential([layers.Input((128, 6)), *stack, layers.Dense(4)])  # expect: FL001
