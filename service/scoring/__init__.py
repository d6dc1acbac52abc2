"""Scoring a batch of posts: the scorer, the decision policy, where it runs (in process or a worker), intelligence."""
