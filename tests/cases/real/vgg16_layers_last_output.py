# Pattern: transfer-learning scripts that take the backbone's feature map as base.layers[-1].output;
# the first head forgot Flatten, the second pools it away.
from tensorflow.keras.applications.vgg16 import VGG16
from tensorflow.keras.layers import Dense, GlobalAveragePooling2D
from tensorflow.keras.models import Model

base = VGG16(include_top=False, input_shape=(224, 224, 3))
hidden = Dense(1024, activation="relu")(base.layers[-1].output)  # expect: FL001
scores = Dense(10, activation="softmax")(hidden)
forgot = Model(inputs=base.inputs, outputs=scores)

pooled = GlobalAveragePooling2D()(base.layers[-1].output)
fixed = Model(inputs=base.input, outputs=Dense(10, activation="softmax")(pooled))
