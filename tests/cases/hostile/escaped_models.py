# Hostile: a model handed, before its head is added, to code static analysis does not follow (an
# imported helper, a bound method, a lambda, a class, a container).  That code may add the Flatten,
# so the Dense added afterwards must not be judged.
from tensorflow.keras import Sequential
from tensorflow.keras.layers import Conv2D, Dense, Flatten

from model_utils import add_pooling_head

imported_helper = Sequential([Conv2D(4, 3, input_shape=(8, 8, 1))])
add_pooling_head(imported_helper)
imported_helper.add(Dense(2))

bound_method = Sequential([Conv2D(4, 3, input_shape=(8, 8, 1))])
add = bound_method.add
add(Flatten())
bound_method.add(Dense(2))

through_lambda = Sequential([Conv2D(4, 3, input_shape=(8, 8, 1))])
(lambda m: m.add(Flatten()))(through_lambda)
through_lambda.add(Dense(2))


class Head:
    def __init__(self, model):
        model.add(Flatten())


through_class = Sequential([Conv2D(4, 3, input_shape=(8, 8, 1))])
Head(through_class)
through_class.add(Dense(2))

in_a_list = Sequential([Conv2D(4, 3, input_shape=(8, 8, 1))])
models = [in_a_list]
models[0].add(Flatten())
in_a_list.add(Dense(2))
