"""Lexicon packs: YAML data loaded, validated (``validate``) and parsed per kind (``kinds``) into one immutable ``Lexicon``."""
from analyzer.lexicon.load import Lexicon, builtin_dir, default_lexicon, load_lexicon

__all__ = ["Lexicon", "builtin_dir", "default_lexicon", "load_lexicon"]
