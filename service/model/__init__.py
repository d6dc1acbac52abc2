"""The wildlife-trade model: product lexicon and matcher, the two factor models, their features."""
