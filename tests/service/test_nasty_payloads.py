"""The nasty-payload corpus against the decoder alone (fast; the Kafka run is in tests/integration)."""

import pytest

from tests.support.nasty_payloads import decoder_says, nasty_payloads, promised

CORPUS = nasty_payloads("nasty")


@pytest.mark.parametrize("name", [name for name, nasty in CORPUS.items() if not nasty.known_bug])
def test_the_decoder_keeps_the_corpus_promise(name: str) -> None:
    nasty = CORPUS[name]
    assert decoder_says(nasty.value) == promised(nasty)


@pytest.mark.parametrize("name", [name for name, nasty in CORPUS.items() if nasty.known_bug])
def test_known_contract_deviations_are_still_there(name: str) -> None:
    """Each of these fails the day the service follows the contract: then drop its `known_bug`."""
    nasty = CORPUS[name]
    contract = ("decision", nasty.post_id) if nasty.post_id is not None else ("dlq", nasty.reason)
    assert decoder_says(nasty.value) != contract, f"fixed? {nasty.known_bug}"
