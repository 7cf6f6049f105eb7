# A Q&A paste: the model is complete, the training code after it is Python 2 and cut short.
from keras.models import Sequential
from keras.layers import Conv2D, MaxPooling2D, Dense

model = Sequential()
model.add(Conv2D(32, (3, 3), input_shape=(64, 64, 3), activation="relu"))
model.add(MaxPooling2D(pool_size=(2, 2)))
model.add(Dense(1, activation="sigmoid"))  # expect: FL001
model.compile(optimizer="adam", loss="binary_crossentropy")

history = model.fit(X, y, epochs=10)
print "accuracy:", history.history["acc"][-1]  # expect: FL900
results = model.evaluate(X, y
