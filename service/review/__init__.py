"""Tools for reviewers and analysts, run by hand beside the service: `zeroview labels export` (reviewed
labels joined with their evidence) and `zeroview intel suggest` (candidate code words)."""
