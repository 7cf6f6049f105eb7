# Pattern: GitHub fine-tuning script, InceptionV3 without top, Dense head, Keras-1 style Model(input=, output=)
from keras.applications.inception_v3 import InceptionV3
from keras.layers import Dense
from keras.models import Model

base_model = InceptionV3(weights="imagenet", include_top=False)

features = base_model.output
hidden = Dense(64, activation="relu")(features)  # expect: FL001
predictions = Dense(1, activation="sigmoid")(hidden)

model = Model(input=base_model.input, output=predictions)
for layer in base_model.layers:
    layer.trainable = False
model.compile(optimizer="sgd", loss="binary_crossentropy", metrics=["accuracy"])
