"""The HTTP API: health, readiness, metrics, scoring and the model card."""
