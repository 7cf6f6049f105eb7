# Hostile: ``*args`` and ``**kwargs`` splats.  A splat into a layer hides its arguments but not its
# class: a convolution still yields a feature map, so a Dense on it is still certain.  A splat
# into Sequential or into a helper hides what is built; those models stay silent.
from tensorflow.keras import Sequential
from tensorflow.keras.layers import Conv2D, Dense, Flatten

conv_options = {"padding": "same", "strides": 2}
conv_args = (4, 3)
layer_kwargs = Sequential([Conv2D(4, 3, input_shape=(8, 8, 1), **conv_options), Dense(2)])  # expect: FL001
layer_args = Sequential([Conv2D(*conv_args, input_shape=(8, 8, 1)), Dense(2)])  # expect: FL001
spread_list = [Conv2D(4, 3, input_shape=(8, 8, 1))]
spread = Sequential([*spread_list, Dense(2)])  # expect: FL001

model_args = Sequential(*config)
model_kwargs = Sequential(**config)
unknown_spread = Sequential([*backbone_layers, Dense(2)])


def add_head(model):
    model.add(Flatten())


positional_splat = Sequential([Conv2D(4, 3, input_shape=(8, 8, 1))])
add_head(*[positional_splat])
positional_splat.add(Dense(2))

keyword_splat = Sequential([Conv2D(4, 3, input_shape=(8, 8, 1))])
add_head(**{"model": keyword_splat})
keyword_splat.add(Dense(2))
