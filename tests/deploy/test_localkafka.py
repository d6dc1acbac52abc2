"""The local broker's own helpers that need no broker."""

from __future__ import annotations

import localkafka


def test_a_new_cluster_id_never_starts_with_a_dash_the_storage_tool_would_read_as_an_option() -> None:
    ids = [localkafka.new_cluster_id() for _ in range(5_000)]  # 1 in 32 raw ids starts with "-"
    assert not any(cluster_id.startswith("-") for cluster_id in ids)
    assert {len(cluster_id) for cluster_id in ids} == {22} and len(set(ids)) == len(ids)
