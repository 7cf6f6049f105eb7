# A conditional expression on a known flag, and the research-code channel-axis idiom.
from keras import backend as K
from keras.layers import BatchNormalization, Conv2D, Dense, Input, MaxPooling2D
from keras.models import Model

use_pool = True
channel_axis = 1 if K.image_data_format() == "channels_first" else -1
i = Input((32, 32, 8))
x = Conv2D(8, 3, padding="same")(i)
x = BatchNormalization(axis=channel_axis)(x)
x = MaxPooling2D()(x) if use_pool else x
m = Model(i, Dense(10, activation="softmax")(x))  # expect: FL001

