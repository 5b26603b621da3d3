"""What a post is doing, read from its lexicon matches; shared by several checks."""

from __future__ import annotations

from poise.review.base import Post

# Topics during which a sale, a joke or a product turns a post callous.
GRAVE_TOPICS = ("disaster", "terror", "violence", "war", "unrest", "death", "crime")


def commercial(post: Post) -> bool:
    """The post sells: a sale, a price, a launch, a giveaway, a call to buy."""
    return post.has("commercial")


def humorous(post: Post) -> bool:
    """The post jokes or laughs (lol, 😂, www, ههه)."""
    return post.has("humour")


def upbeat(post: Post) -> bool:
    """The post is cheerful: celebration, humour or selling."""
    return post.has("celebration") or humorous(post) or commercial(post)


def consoling(post: Post) -> bool:
    """The post offers condolence, solidarity, safety information or an apology."""
    return post.has("condolence") or post.has("empathy")


def turns_to_content(post: Post) -> bool:
    """The post moves on to the brand's own content: a pivot, a product, food, a sale."""
    return post.has("pivot") or post.has("food_drink") or commercial(post)


def grave_topics(post: Post) -> list[str]:
    """The grave topics the post touches, in order of appearance, once each."""
    found = [m.entry.category for _, m in post.matches("sensitive", *GRAVE_TOPICS)]
    return list(dict.fromkeys(found))
