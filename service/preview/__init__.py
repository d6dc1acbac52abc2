"""The pre-view removal rate: joining decisions, first views and human labels."""
