# Pattern: SO transfer-learning question, ResNet50(include_top=False) output fed straight into Dense
from tensorflow.keras.applications import ResNet50
from tensorflow.keras.layers import Dense, Dropout
from tensorflow.keras.models import Model

IMG_SIZE = 160
N_CLASSES = 12

backbone = ResNet50(weights="imagenet", include_top=False, input_shape=(IMG_SIZE, IMG_SIZE, 3))
for layer in backbone.layers:
    layer.trainable = False

x = backbone.output
x = Dense(256, activation="relu")(x)  # expect: FL001
x = Dropout(0.4)(x)
scores = Dense(N_CLASSES, activation="softmax")(x)
classifier = Model(inputs=backbone.input, outputs=scores)
classifier.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
