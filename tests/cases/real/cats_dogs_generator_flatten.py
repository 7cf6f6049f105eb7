# Pattern: "small data" cats-vs-dogs blog recipe with ImageDataGenerator; Flatten, then Dense(1) + sigmoid
from tensorflow.keras.preprocessing.image import ImageDataGenerator
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Activation, Conv2D, Dense, Dropout, Flatten, MaxPooling2D

img_w, img_h = 128, 128
batch = 16

model = Sequential()
model.add(Conv2D(16, (3, 3), input_shape=(img_w, img_h, 3)))
model.add(Activation("relu"))
model.add(MaxPooling2D(pool_size=(2, 2)))
model.add(Conv2D(32, (3, 3)))
model.add(Activation("relu"))
model.add(MaxPooling2D(pool_size=(2, 2)))
model.add(Conv2D(64, (3, 3)))
model.add(Activation("relu"))
model.add(MaxPooling2D(pool_size=(2, 2)))
model.add(Flatten())
model.add(Dense(48))
model.add(Activation("relu"))
model.add(Dropout(0.4))
model.add(Dense(1))
model.add(Activation("sigmoid"))
model.compile(loss="binary_crossentropy", optimizer="rmsprop", metrics=["accuracy"])

augment = ImageDataGenerator(rescale=1.0 / 255, shear_range=0.2, zoom_range=0.2, horizontal_flip=True)
train_flow = augment.flow_from_directory("data/train", target_size=(img_w, img_h),
                                         batch_size=batch, class_mode="binary")
model.fit(train_flow, steps_per_epoch=2000 // batch, epochs=50)
