# Hostile: layer lists that contain themselves and models added to themselves or to each other.
# Keras cannot build any of these, so they stay silent; the certain findings of the file must
# survive them (a crash here would cost the whole file its results).
from tensorflow.keras import Sequential
from tensorflow.keras.layers import Conv2D, Dense

appended_to_itself = [Conv2D(4, 3, input_shape=(8, 8, 1))]
appended_to_itself.append(appended_to_itself)
appended_to_itself.append(Dense(2))
list_model = Sequential(appended_to_itself)

inserted_into_itself = [Conv2D(4, 3, input_shape=(8, 8, 1))]
inserted_into_itself.insert(0, inserted_into_itself)
inserted_into_itself.append(Dense(2))
inserted_model = Sequential(inserted_into_itself)

model = Sequential([Conv2D(4, 3, input_shape=(8, 8, 1))])
model.add(model)
model.add(Dense(2))

outer = Sequential([Conv2D(4, 3, input_shape=(8, 8, 1))])
inner = Sequential([outer])
outer.add(inner)
outer.add(Dense(2))

wrapped_in_itself = Sequential([Conv2D(4, 3, input_shape=(8, 8, 1))])
wrapped_in_itself.add(Sequential([wrapped_in_itself]))
wrapped_in_itself.add(Dense(2))

# A list doubled onto itself is just longer: the same layer twice, which Keras builds.
doubled = [Conv2D(1, 3, input_shape=(8, 8, 1))]
doubled += doubled
doubled.append(Dense(2))  # expect: FL001
doubled_model = Sequential(doubled)

plain = Sequential([Conv2D(4, 3, input_shape=(8, 8, 1)), Dense(2)])  # expect: FL001
