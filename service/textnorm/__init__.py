"""The text normaliser: undoing spelling games before the model reads a post."""
