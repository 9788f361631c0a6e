"""Judging: the rubric, judges and conflicts, scores, fair aggregation, the locked top six and the screening."""
