# Pattern: TF transfer-learning tutorial retyped by a user who dropped the GlobalAveragePooling2D layer
import tensorflow as tf

IMG_SIZE = (160, 160)
IMG_SHAPE = IMG_SIZE + (3,)

train_ds = tf.keras.utils.image_dataset_from_directory("data/train", image_size=IMG_SIZE, batch_size=32)

base_model = tf.keras.applications.MobileNetV2(input_shape=IMG_SHAPE, include_top=False, weights="imagenet")
base_model.trainable = False

model = tf.keras.Sequential([
    base_model,
    tf.keras.layers.Dropout(0.2),
    tf.keras.layers.Dense(1),  # expect: FL001
])
model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate=1e-4),
              loss=tf.keras.losses.BinaryCrossentropy(from_logits=True),
              metrics=["accuracy"])
model.fit(train_ds, epochs=10)
