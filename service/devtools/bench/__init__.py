"""`zeroview bench`: the model's, the transport's and the whole service's throughput, the latency at a
steady load and the memory, measured in one run so that the figures can be compared."""


class BenchError(RuntimeError):
    """The benchmark cannot produce a meaningful figure; the message says why."""
