"""A small Okapi BM25 index over token lists (a few hundred claim documents at most).

Our own ~40 lines instead of a dependency: the corpus is the catalogue, tiny and fixed, and the
query side is one sentence, so a dict of postings is as fast as anything sparse-matrix based.
"""

from __future__ import annotations

import math
from collections import Counter

__all__ = ["BM25"]


class BM25:
    def __init__(self, documents: list[list[str]], k1: float = 1.2, b: float = 0.75):
        self.k1, self.b = k1, b
        self.lengths = [len(d) for d in documents]
        self.avg_length = (sum(self.lengths) / len(documents)) if documents else 1.0
        self.postings: dict[str, list[tuple[int, int]]] = {}
        for doc_id, doc in enumerate(documents):
            for term, count in Counter(doc).items():
                self.postings.setdefault(term, []).append((doc_id, count))
        n = len(documents)
        # The "+1" form keeps idf positive for terms found in most documents.
        self.idf = {t: math.log(1 + (n - len(p) + 0.5) / (len(p) + 0.5)) for t, p in self.postings.items()}
        self.size = n

    def scores(self, query: list[str]) -> list[float]:
        """BM25 score of every document for `query` (repeated query terms count once)."""
        out = [0.0] * self.size
        for term in set(query):
            postings = self.postings.get(term)
            if not postings:
                continue
            idf = self.idf[term]
            for doc_id, tf in postings:
                norm = self.k1 * (1 - self.b + self.b * self.lengths[doc_id] / self.avg_length)
                out[doc_id] += idf * tf * (self.k1 + 1) / (tf + norm)
        return out

    def max_score(self, query: list[str]) -> float:
        """The score a document containing every query term once would get at average length:
        used to turn raw scores into a 0..1 share that is comparable across sentences."""
        return sum(self.idf.get(t, 0.0) for t in set(query)) or 1.0
