# Pasted from a Q&A site: no imports at all.
model = Sequential()
model.add(Conv2D(64, kernel_size=3, activation='relu', input_shape=(28, 28, 1)))
model.add(Conv2D(32, kernel_size=3, activation='relu'))
model.add(Dense(10, activation='softmax'))  # expect: FL001
model.compile(optimizer='adam', loss='categorical_crossentropy', metrics=['accuracy'])
