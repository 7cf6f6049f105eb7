# Hostile: helpers that call themselves or each other.  Where the recursion is bounded by literal
# arguments the result is certain; where it never ends, nothing after the call ever runs; where the
# head is added deeper than static analysis follows, the model must not be judged.
from tensorflow.keras import Sequential
from tensorflow.keras.layers import Conv2D, Dense, Dropout, Flatten


def stack(model, n):
    if n:
        model.add(Conv2D(4, 3, padding="same"))
        stack(model, n - 1)


def ping(model):
    model.add(Dropout(0.1))
    pong(model)


def pong(model):
    ping(model)


def flatten_at_the_bottom(model, n):
    if n == 0:
        model.add(Flatten())
    else:
        flatten_at_the_bottom(model, n - 1)


bounded = Sequential([Conv2D(4, 3, input_shape=(8, 8, 1))])
stack(bounded, 2)
bounded.add(Dense(2))  # expect: FL001

endless = Sequential([Conv2D(4, 3, input_shape=(8, 8, 1))])
ping(endless)  # raises RecursionError: the next line never runs
endless.add(Dense(2))

deep = Sequential([Conv2D(4, 3, input_shape=(8, 8, 1))])
flatten_at_the_bottom(deep, 10)
deep.add(Dense(2))
