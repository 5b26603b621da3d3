"""Cutting a post into tokens: words, hashtags, mentions, links, emoji.

Every token keeps its span in the original text, so a finding can point at it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import regex

_URL = r"(?:https?://|www\.)[^\s<>\"]+[^\s<>\".,;:!?)\]}»」』]"
_EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
_DOMAIN = (
    r"\b[\w-]+(?:\.[\w-]+)*\.(?:com|net|org|io|co|fr|jp|uk|ca|au|sa|ae|eg|ly|me|app|shop|store"
    r"|social|info)\b(?:/[^\s<>\"]*[^\s<>\".,;:!?)])?"
)
# Handles are ASCII on every network, and Japanese and Arabic posts write them against their
# words ("人気ヘアメイクの@mika_beautyさんに"): a handle starts after, and ends at, any other letter.
_HANDLE = r"[a-z0-9_](?:[a-z0-9_.-]*[a-z0-9_])?"
_MENTION = rf"(?<![a-z0-9_@.])@{_HANDLE}(?:@[a-z0-9-]+(?:\.[a-z0-9-]+)+)?"
_HASHTAG = r"(?<![\w&#])[#＃][\w]+"
_EMOJI = (
    r"(?:\p{RI}\p{RI}"
    r"|[#*0-9]\uFE0F?\u20E3"
    r"|\p{Extended_Pictographic}[\uFE0F\p{EMod}]*(?:\u200D\p{Extended_Pictographic}[\uFE0F\p{EMod}]*)*)"
)
# Emoticons are written with punctuation that words drop; they are tokens of their own so
# that ;) stays ;) and never shrinks to a letter.
_EMOTICON = r"(?<![\w/])(?:[;:=][-'^]?[)(DPpOo3*|\]\[/\\]+|<3|[xX]D|\^_?\^)(?![\w/])"
# A word may hold characters people use to dodge filters (sh!t, f*ck, a$$, f.u.c.k) but a
# hyphen splits it, so "covid-19" reads as the lexicon's "covid 19".
# An @ is a letter only after a Latin one ("sh@t"); after a Japanese or Arabic word it starts a
# handle. A € between letters stands for an e (m€rde); after a number it is a price.
_CHAR = r"(?:[\w$]|(?<![^\x00-\x7f])@|(?<=\p{L})€(?=\p{L}))"
_WORD = rf"{_CHAR}*\w{_CHAR}*(?:['’*#!.]+{_CHAR}+)*[$]*"
# Percentages and amounts are one token each, so lexicons can speak of "% off" and prices.
_NUMBER = r"\d+(?:[.,]\d+)*"
_AMOUNT = rf"[-−]?{_NUMBER}\s?[%٪]|[$€£¥]\s?{_NUMBER}(?![\w%٪])|{_NUMBER}\s?[$€£¥](?!\w)"
_TOKEN = regex.compile(
    rf"(?P<url>{_URL}|{_EMAIL}|{_DOMAIN})|(?P<mention>{_MENTION})|(?P<hashtag>{_HASHTAG})"
    rf"|(?P<emoji>{_EMOJI})|(?P<emoticon>{_EMOTICON})|(?P<word>{_AMOUNT}|{_WORD})",
    regex.IGNORECASE,
)


class Kind(StrEnum):
    """What a token is."""

    WORD = "word"
    HASHTAG = "hashtag"
    MENTION = "mention"
    URL = "url"
    EMOJI = "emoji"
    EMOTICON = "emoticon"


@dataclass(frozen=True, slots=True)
class Token:
    """A piece of the post as written, with its span ``[start, end)``."""

    text: str
    start: int
    end: int
    kind: Kind

    @property
    def body(self) -> str:
        """The hashtag or mention without its sign; the text itself for other tokens."""
        if self.kind in (Kind.HASHTAG, Kind.MENTION):
            return self.text[1:]
        return self.text


def tokenize(text: str) -> list[Token]:
    """All tokens of ``text`` in order; spaces and punctuation are not tokens."""
    tokens = []
    for match in _TOKEN.finditer(text):
        kind = Kind(match.lastgroup or "word")
        tokens.append(Token(match.group(), match.start(), match.end(), kind))
    return tokens
