"""`zeroview simulate`: the platform around zeroview, played against a running service."""
