"""Spot plans copied between schools: many identical tasks texts (user-needs D5, "báo cáo hình thức")."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from itertools import combinations

MIN_SHARED = 5  # identical tasks texts before two plans are flagged
MIN_SHARE = 0.5  # ... and at least this share of the smaller plan's texts


def similar_plans(plans: Iterable[tuple[str, frozenset[int]]]) -> list[tuple[str, str, int, int]]:
    """(school, other, shared, smaller plan size) for every pair of plans that look copied.

    A text found in many schools is generic wording (a common phrase, the sample plan) rather than
    a copy, so texts shared by more than a tenth of the schools (at least 3) are not counted.
    """
    plans = [(key, prints) for key, prints in plans if prints]
    owners: dict[int, list[str]] = {}
    for key, prints in plans:
        for fingerprint in prints:
            owners.setdefault(fingerprint, []).append(key)
    generic = max(3, len(plans) // 10)
    shared: Counter[tuple[str, str]] = Counter()
    for keys in owners.values():
        if 2 <= len(keys) <= generic:
            shared.update(combinations(sorted(keys), 2))
    sizes = dict(plans)
    return [
        (a, b, count, min(len(sizes[a]), len(sizes[b])))
        for (a, b), count in sorted(shared.items())
        if count >= MIN_SHARED and count >= MIN_SHARE * min(len(sizes[a]), len(sizes[b]))
    ]
