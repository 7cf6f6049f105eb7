# Pattern: keras issue on MobileNetV2 fine-tuning; head attached to get_layer("out_relu").output
from keras.applications.mobilenet_v2 import MobileNetV2
from keras.layers import Dense
from keras.models import Model

classes = ["cat", "dog", "fox", "owl"]

base_model = MobileNetV2(weights="imagenet", include_top=False, input_shape=(128, 128, 3))
last = base_model.get_layer("out_relu").output
predictions = Dense(len(classes), activation="softmax", name="predictions")(last)  # expect: FL001
model = Model(inputs=base_model.input, outputs=predictions)
for layer in base_model.layers:
    layer.trainable = False
model.compile(optimizer="sgd", loss="categorical_crossentropy", metrics=["accuracy"])
