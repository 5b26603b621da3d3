"""The text layer: normalization, languages, tokens, hashtags, lexicons and matching.

Pure functions and plain data; no I/O beyond reading the package's own data files.
"""

from poise.text.analysis import Analysis, Hashtag, analyze
from poise.text.lexicon import Entry, Severity
from poise.text.matcher import Match
from poise.text.tokens import Kind, Token, tokenize

__all__ = [
    "Analysis",
    "Entry",
    "Hashtag",
    "Kind",
    "Match",
    "Severity",
    "Token",
    "analyze",
    "tokenize",
]
