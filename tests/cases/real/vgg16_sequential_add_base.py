# Pattern: Kaggle notebook, VGG16 conv base added to a Sequential, then Dense layers without Flatten
from keras.applications.vgg16 import VGG16
from keras.layers import Dense, Dropout
from keras.models import Sequential

conv_base = VGG16(weights="imagenet", include_top=False, input_shape=(150, 150, 3))
conv_base.trainable = False

model = Sequential()
model.add(conv_base)
model.add(Dense(256, activation="relu"))  # expect: FL001
model.add(Dropout(0.5))
model.add(Dense(2, activation="softmax"))
model.compile(loss="categorical_crossentropy", optimizer="rmsprop", metrics=["acc"])
