# Pattern: answer to the MobileNetV2 fine-tuning issue; GlobalAveragePooling2D on get_layer("out_relu").output
from tensorflow.keras.applications import MobileNetV2
from tensorflow.keras.layers import Dense, GlobalAveragePooling2D
from tensorflow.keras.models import Model

labels = ["healthy", "rust", "scab"]

base_model = MobileNetV2(weights="imagenet", include_top=False, input_shape=(224, 224, 3))
feature_map = base_model.get_layer("out_relu").output
pooled = GlobalAveragePooling2D()(feature_map)
predictions = Dense(len(labels), activation="softmax", name="predictions")(pooled)
model = Model(inputs=base_model.input, outputs=predictions)
