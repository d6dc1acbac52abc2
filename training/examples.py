"""Corpus examples as the service sees them: `Post` objects and the model's input text."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from service.contracts import Post
from service.model.post_text import model_text
from training.corpus import Example

EVAL_CREATED_AT = datetime(2026, 11, 1, tzinfo=UTC)


def example_text(example: Example) -> str:
    return model_text(example.text, example.hashtags, example.ocr_text, example.transcript)


def example_texts(examples: Sequence[Example]) -> list[str]:
    return [example_text(example) for example in examples]


def example_post(example: Example, index: int) -> Post:
    return Post(
        post_id=f"eval-{index}",
        created_at=EVAL_CREATED_AT,
        text=example.text or None,
        hashtags=list(example.hashtags) or None,
        ocr_text=example.ocr_text,
        transcript=example.transcript,
        lang=example.lang,
    )


def labels(examples: Sequence[Example]) -> list[int]:
    return [example.label for example in examples]
