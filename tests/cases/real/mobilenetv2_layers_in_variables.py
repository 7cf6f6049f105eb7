# Pattern: TF "transfer learning from a pre-trained ConvNet" tutorial; pooling and prediction layers held in variables
import tensorflow as tf

IMG_SHAPE = (160, 160, 3)

base_model = tf.keras.applications.MobileNetV2(input_shape=IMG_SHAPE, include_top=False, weights="imagenet")
base_model.trainable = False

pool_layer = tf.keras.layers.GlobalAveragePooling2D()
head = tf.keras.layers.Dense(1)

model = tf.keras.Sequential([base_model, pool_layer, tf.keras.layers.Dropout(0.2), head])
model.compile(optimizer=tf.keras.optimizers.RMSprop(learning_rate=1e-4),
              loss=tf.keras.losses.BinaryCrossentropy(from_logits=True), metrics=["accuracy"])
