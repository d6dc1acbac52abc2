"""Developer tools outside the runtime: the benchmark and the traffic simulation."""
