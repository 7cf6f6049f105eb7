# Pattern: small Vision-Transformer example; strided Conv2D patches reshaped to tokens, Dense on tokens, pooled head
import keras
from keras import layers

PATCH = 4
DIM = 64

images = keras.Input(shape=(32, 32, 3))
patches = layers.Conv2D(DIM, PATCH, strides=PATCH)(images)
tokens = layers.Reshape(((32 // PATCH) ** 2, DIM))(patches)
tokens = layers.Dense(DIM)(tokens)
attn_in = layers.LayerNormalization(epsilon=1e-6)(tokens)
attn = layers.MultiHeadAttention(num_heads=4, key_dim=DIM // 4)(attn_in, attn_in)
tokens = layers.Add()([tokens, attn])
mlp = layers.LayerNormalization(epsilon=1e-6)(tokens)
mlp = layers.Dense(DIM * 2, activation="gelu")(mlp)
mlp = layers.Dense(DIM)(mlp)
tokens = layers.Add()([tokens, mlp])
pooled = layers.GlobalAveragePooling1D()(tokens)
logits = layers.Dense(10)(pooled)
vit = keras.Model(images, logits)
