# Pattern: transfer-learning answer; ResNet50 without top, GlobalAveragePooling2D, then Dense layers
from tensorflow.keras.applications.resnet50 import ResNet50
from tensorflow.keras.layers import Dense, Dropout, GlobalAveragePooling2D
from tensorflow.keras.models import Model

NUM_CLASSES = 4

base = ResNet50(weights="imagenet", include_top=False, input_shape=(192, 192, 3))
for layer in base.layers:
    layer.trainable = False

x = GlobalAveragePooling2D()(base.output)
x = Dense(512, activation="relu")(x)
x = Dropout(0.25)(x)
y = Dense(NUM_CLASSES, activation="softmax")(x)
model = Model(inputs=base.input, outputs=y)
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
