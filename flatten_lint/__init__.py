"""flatten-lint: a static linter for Keras model code (no TensorFlow import)."""

__version__ = "0.1.0"
