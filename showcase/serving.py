"""What a long-running web worker does once its app is loaded (gunicorn.conf.py's ``post_worker_init``)."""

from __future__ import annotations

import gc


def settle_heap() -> int:
    """Collect once, then freeze every object alive now out of the garbage collector's sight; the count frozen.

    A loaded app is a couple of hundred thousand long-lived objects (modules, mappers, routes, forms).
    Python's full collections walk all of them, about 130 ms each on this machine, and a page that
    builds thousands of short-lived rows (the results page) sets one off every few requests: that
    was its p99. Frozen objects are never scanned again, so a full collection only walks what
    requests created (templates and catalogs loaded by the first requests included). Reference
    counting still frees a frozen object; only a cycle among frozen objects is never collected, and
    workers are recycled after ``max_requests`` anyway.
    """
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()
