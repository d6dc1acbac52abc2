"""How a post's text fields become the one string the classifier reads.

Training builds its inputs with the same function, so training and serving never differ.
Each field is truncated to a documented limit: a 10 MB transcript costs no more than this.
"""

from __future__ import annotations

from collections.abc import Sequence

MAX_FIELD_CHARS = 4000
MAX_HASHTAGS = 60
MAX_HASHTAG_CHARS = 100


def model_text(
    text: str | None,
    hashtags: Sequence[str] | None = None,
    ocr_text: str | None = None,
    transcript: str | None = None,
) -> str:
    """Join the caption, hashtags, on-screen text and transcript, each truncated."""
    parts: list[str] = []
    if text:
        parts.append(text[:MAX_FIELD_CHARS])
    if hashtags:
        tags = " ".join("#" + tag[:MAX_HASHTAG_CHARS].lstrip("#") for tag in hashtags[:MAX_HASHTAGS] if tag)
        if tags:
            parts.append(tags)
    if ocr_text:
        parts.append(ocr_text[:MAX_FIELD_CHARS])
    if transcript:
        parts.append(transcript[:MAX_FIELD_CHARS])
    return "\n".join(parts)


def was_truncated(
    text: str | None,
    hashtags: Sequence[str] | None = None,
    ocr_text: str | None = None,
    transcript: str | None = None,
) -> bool:
    """True when model_text dropped part of the post."""
    fields = (text, ocr_text, transcript)
    if any(field is not None and len(field) > MAX_FIELD_CHARS for field in fields):
        return True
    return bool(hashtags) and (
        len(hashtags or ()) > MAX_HASHTAGS or any(len(tag) > MAX_HASHTAG_CHARS for tag in hashtags or ())
    )
