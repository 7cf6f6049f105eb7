from keras import layers, models

stack = [layers.Conv1D(f, 5, activation="relu") for f in (32, 64)]
model = models.Sequential([layers.Input((128, 6)), *stack, layers.MaxPooling1D(), layers.Dense(4)])  # expect: FL001
# No pooling or stride: Conv1D then Dense per time step is a sequence-to-sequence model, not judged.
per_step = models.Sequential([layers.Input((128, 6)), *stack, layers.Dense(4)])
