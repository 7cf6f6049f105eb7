# Hostile: models rebuilt in loops, added to without end, or in more iterations than are unrolled.
from tensorflow.keras import Sequential
from tensorflow.keras.layers import Conv2D, Dense, Dropout, Flatten

# Each iteration builds the same mistake: one finding.
for width in (4, 8):
    rebuilt = Sequential([Conv2D(width, 3, input_shape=(8, 8, 1))])
    rebuilt.add(Dense(2))  # expect: FL001

# A loop that never ends (or ends by a break we cannot see): how many layers is unknown.
endless = Sequential([Conv2D(4, 3, input_shape=(8, 8, 1))])
while True:
    endless.add(Dense(2))

# The model name is rebound each iteration to a model that ends with Flatten.
for width in (4, 8):
    rebound = Sequential([Conv2D(width, 3, input_shape=(8, 8, 1)), Flatten()])
    rebound.add(Dense(2))


# Far more iterations than are unrolled: only shape-preserving layers, so the Dense still
# receives the feature map.
many = Sequential([Conv2D(4, 3, input_shape=(8, 8, 1))])
for _ in range(10**6):
    many.add(Dropout(0.1))
many.add(Dense(2))  # expect: FL001
