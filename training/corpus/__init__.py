"""Synthetic multilingual training corpus for the wildlife-trade classifier.

Renders the lexicons in `lexicon/` (format: `lexicon/SCHEMA.md`) into labelled posts with noise and
evasion tactics, split into train / val / test by held-out vocabulary and template families.
"""

from training.corpus.build import DEFAULT_SEED, build_corpus
from training.corpus.examples import Corpus, Example
from training.corpus.lexicon import LexiconError, load_lexicons
from training.corpus.schema import Lexicon

__all__ = ["DEFAULT_SEED", "Corpus", "Example", "Lexicon", "LexiconError", "build_corpus", "load_lexicons"]
