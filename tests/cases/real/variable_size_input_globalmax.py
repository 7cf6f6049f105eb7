# Pattern: keras issue "Add a Dense after conv layer" answer; any-size input, GlobalMaxPooling2D before Dense
import keras
import keras.layers as KL

input_image = KL.Input(shape=(None, None, 3), name="input_image")
x = KL.Conv2D(64, (3, 3), padding="same", activation="relu")(input_image)
x = KL.GlobalMaxPooling2D()(x)
x = KL.Dense(2)(x)
model = keras.models.Model(inputs=input_image, outputs=x)
model.summary()
