"""Kafka clients, preflight checks, the broker probe, dead letters and the transaction helpers."""
