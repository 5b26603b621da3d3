"""Hashtags: what a hashtag can be read as, and what it is carrying right now.

Reads: each hashtag and the words it reads as; grave topics of the ``sensitive`` lexicon
found inside a hashtag, and whether the post sells, jokes or celebrates; the ``profanity``
lexicon (for other readings of the letters, #susanalbumparty); ``common/hashtags.tsv`` (hashtags that carry a tragedy or a
cause); the active events' keywords and what listening says each hashtag is used for; the
``campaign`` lexicon and #Ask<Brand> / #<Brand>Stories shapes; whether the brand is under fire.
Emits: ``other_reading`` (warn; info when CamelCase shows the intended words and the letters
around the offensive word do not make words of their own), ``listed``
(the table's severity), ``event`` and ``carrying`` (warn), ``campaign_hashtag`` (warn; block
under fire), ``open_invitation`` (info; warn under fire).
``grave_topic`` (warn): a hashtag naming a disaster, a war or an attack in a post that sells,
jokes or celebrates.
A campaign is read from the English shapes (#Ask<Brand>, #<Brand>Stories) and, in every
language, from a ``campaign`` term inside the hashtag (#اسأل_المدير, #社長に質問).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

import ahocorasick
import regex

from poise.review import signals
from poise.review.base import Check, Issue, Post, ReviewContext, Severity, Span
from poise.review.messages import Term
from poise.review.registry import register
from poise.text import Hashtag, Match
from poise.text.analysis import FALLBACK_LANGUAGE
from poise.text.dictionary import frequency
from poise.text.lexicon import entries
from poise.text.normalize import fold_plain
from poise.text.segment import viterbi

_OFFENSIVE = ("profanity", "slur", "sexual", "insult")
_SHORTEST_READING = 3
_LATIN = regex.compile(r"[a-z]+")
_STORIES = ("stories", "story")


@register
class HashtagsCheck(Check):
    id = "hashtags"
    order = 70

    def run(self, post: Post, context: ReviewContext) -> Iterable[Issue]:
        campaigns: set[int] = set()
        for hashtag in post.text.hashtags:
            # A hashtag whose words as written are offensive (#grossesboules) is the profanity
            # check's finding; another reading of it adds nothing.
            if not _profane(post, hashtag):
                yield from _other_readings(hashtag, post.language)
            yield from _carrying(hashtag, context)
            for issue in _campaign(hashtag, context):
                campaigns.add(hashtag.token.start)
                yield issue
        listed = set()
        for span, match in post.matches("hashtags"):
            listed.add(span.start)
            params = {"hashtag": match.surface, "note": match.entry.note}
            yield Issue("listed", match.entry.severity, span, match.entry.note, params)
        yield from _grave(post, listed)
        yield from _invitations(post, context, campaigns)


def _profane(post: Post, hashtag: Hashtag) -> bool:
    return any(
        hashtag.token.start <= m.start and m.end <= hashtag.token.end
        for m in post.text.of("profanity")
    )


def _invitations(post: Post, context: ReviewContext, campaigns: set[int]) -> Iterable[Issue]:
    """``campaign`` terms: inside a hashtag, the hashtag is a campaign (once per hashtag, and
    not again when its English shape already said so); in the text, an open invitation."""
    for span, match in post.matches("campaign"):
        hashtag = _inside_hashtag(post, span)
        if hashtag is None:
            severity = Severity.WARN if context.under_fire else Severity.INFO
            yield Issue("open_invitation", severity, span, match.surface, {"term": match.surface})
        elif hashtag.token.start not in campaigns:
            campaigns.add(hashtag.token.start)
            yield _named_campaign(hashtag, match, context)


def _other_readings(hashtag: Hashtag, language: str) -> Iterable[Issue]:
    body = fold_plain(hashtag.token.body).replace("_", "")
    if not _LATIN.fullmatch(body):
        return
    breaks = _breaks(hashtag.words)
    for end, word in _offensive(language).iter(body):
        start = end - len(word) + 1
        if any(start < cut < end + 1 for cut in breaks) or _behind_article(
            body, breaks, start, end + 1
        ):
            reading = f"{body[:start]} {body[start : end + 1].upper()} {body[end + 1 :]}".strip()
            # CamelCase shows the intended words, but the letters still read the other way
            # when the rest around the offensive word is made of words too (#KidsExchange:
            # "kid sex change"); a stray piece (#BusinessExpo: "busines sex po") does not.
            # English words are read in a hashtag of any language, as its offensive words are.
            whole = any(
                _reads_whole(body[:start], code) and _reads_whole(body[end + 1 :], code)
                for code in {language, FALLBACK_LANGUAGE}
            )
            yield Issue(
                "other_reading",
                Severity.INFO if hashtag.marked and not whole else Severity.WARN,
                Span(hashtag.token.start, hashtag.token.end),
                evidence=reading,
                params={"hashtag": hashtag.token.text, "reading": reading, "word": word},
                replacement=None if hashtag.marked else _camel(hashtag),
            )
            return


# A word this frequent is one a reader sees at a glance; rarer entries of the word list
# ("ines", "po") are not what the eye makes of stray letters.
_EVERYDAY = 5000


def _reads_whole(letters: str, language: str) -> bool:
    """Whether ``letters`` split into everyday words with nothing left over (or are empty)."""
    counts, total = frequency(language)
    return all(
        counts.get(word, 0) >= _EVERYDAY and (len(word) > 1 or word in ("a", "i"))
        for word in viterbi(letters, counts, total)
    )


# Short words that read as their own word at the start of another: in #therapistfinder,
# "therapist" is also "the rapist", whatever the dictionary makes of the rest.
_ARTICLES = ("the", "a", "an", "my", "our", "your")


def _behind_article(body: str, breaks: set[int], start: int, end: int) -> bool:
    """Whether the offensive word ``body[start:end]`` ends one of the hashtag's several words
    and the rest of that word is an article (#therapistfinder: "the rapist finder"); a word
    it merely begins (#theanalyst, #ourassets) is read as that word."""
    starts, ends = {0} | breaks, breaks | {len(body)}
    # A hashtag of one word is that word (#therapist); run into others, it is read afresh.
    if not breaks or start in starts or end not in ends:
        return False
    return any(
        start - len(article) in starts and body[start - len(article) : start] == article
        for article in _ARTICLES
    )


def _breaks(words: tuple[str, ...]) -> set[int]:
    cuts, position = set(), 0
    for word in words[:-1]:
        position += len(word)
        cuts.add(position)
    return cuts


@cache
def _offensive(language: str) -> Any:
    automaton = ahocorasick.Automaton()
    for code in {language, FALLBACK_LANGUAGE}:
        for entry in entries(code):
            word = fold_plain(entry.bare).replace(" ", "")
            wanted = entry.lexicon == "profanity" and entry.category in _OFFENSIVE
            if wanted and len(word) >= _SHORTEST_READING and _LATIN.fullmatch(word):
                automaton.add_word(word, word)
    automaton.add_word("\x00", "\x00")  # an automaton needs one word to be built
    automaton.make_automaton()
    return automaton


def _carrying(hashtag: Hashtag, context: ReviewContext) -> Iterable[Issue]:
    body = _bare(hashtag.token.body)
    span = Span(hashtag.token.start, hashtag.token.end)
    for event in context.active_events():
        keys = {_bare(k) for k in event.keywords}
        if body in keys:
            params = {"hashtag": hashtag.token.text, "event": event.title}
            yield Issue("event", Severity.WARN, span, event.title, params)
    usage = {_bare(k): v for k, v in context.hashtag_usage.items()}
    if body in usage:
        params = {"hashtag": hashtag.token.text, "usage": usage[body]}
        yield Issue("carrying", Severity.WARN, span, usage[body], params)


def _campaign(hashtag: Hashtag, context: ReviewContext) -> Iterable[Issue]:
    words = hashtag.words
    asks = len(words) >= 2 and words[0] == "ask"
    stories = len(words) >= 2 and words[-1] in _STORIES
    if not (asks or stories):
        return
    # #AskJPM is always an open question to the public; #SummerStories is only a campaign
    # about the brand when the brand's name is in it.
    branded = asks or _names_brand("".join(words[:-1]), context.brand_names)
    if context.under_fire:
        severity, code = Severity.BLOCK, "campaign_hashtag_under_fire"
    else:
        severity, code = (Severity.WARN if branded else Severity.INFO), "campaign_hashtag"
    span = Span(hashtag.token.start, hashtag.token.end)
    yield Issue(code, severity, span, hashtag.token.text, {"hashtag": hashtag.token.text})


def _grave(post: Post, listed: set[int]) -> Iterable[Issue]:
    """Hashtags naming a disaster, a war or an attack (#台風10号, #زلزال_الحوز) in a post that
    sells, jokes or celebrates: the tag files the post under the tragedy for everyone who
    follows it. Hashtags the table lists already have their own finding."""
    if not signals.upbeat(post):
        return
    seen = set(listed)
    for span, match in post.matches("sensitive", *signals.GRAVE_TOPICS):
        hashtag = _inside_hashtag(post, span)
        if hashtag is None or hashtag.token.start in seen:
            continue
        seen.add(hashtag.token.start)
        params = {"hashtag": hashtag.token.text, "topic": Term("topic", match.entry.category)}
        span = Span(hashtag.token.start, hashtag.token.end)
        yield Issue("grave_topic", Severity.WARN, span, match.surface, params)


def _bare(hashtag: str) -> str:
    """A hashtag or a keyword as one folded run of letters: #زلزال_المغرب, "زلزال المغرب" and
    #ZelzalAlMaghrib are compared without the marks that separate their words."""
    return fold_plain(hashtag.lstrip("#＃")).replace(" ", "").replace("_", "")


def _inside_hashtag(post: Post, span: Span) -> Hashtag | None:
    if span.field != "text":
        return None
    for hashtag in post.text.hashtags:
        if hashtag.token.start <= span.start and span.end <= hashtag.token.end:
            return hashtag
    return None


def _named_campaign(hashtag: Hashtag, match: Match, context: ReviewContext) -> Issue:
    """A hashtag that is itself an invitation in the post's language (#اسأل_المدير,
    #社長に質問, #قصتي_مع_النخيل): an open question is always a campaign to the public, like
    #AskJPM; a story call is one when it names the brand, like #McDStories."""
    body = _bare(hashtag.token.body)
    branded = match.entry.category == "open_question" or any(
        _bare(brand) in body for brand in context.brand_names if brand.strip()
    )
    if context.under_fire:
        severity, code = Severity.BLOCK, "campaign_hashtag_under_fire"
    else:
        severity, code = (Severity.WARN if branded else Severity.INFO), "campaign_hashtag"
    span = Span(hashtag.token.start, hashtag.token.end)
    return Issue(code, severity, span, hashtag.token.text, {"hashtag": hashtag.token.text})


def _names_brand(prefix: str, brands: tuple[str, ...]) -> bool:
    folded = {fold_plain(brand).replace(" ", "") for brand in brands}
    return any(prefix.endswith(brand) or brand.startswith(prefix) for brand in folded if brand)


def _camel(hashtag: Hashtag) -> str:
    return "#" + "".join(word[:1].upper() + word[1:] for word in hashtag.words)
