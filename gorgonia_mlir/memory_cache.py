"""A least-recently-used map bounded by bytes: the in-process cache of compiled modules.

Each value reports its cost as ``.nbytes``; when the total passes the limit the least recently
used entries are dropped. An entry larger than the whole limit is not kept at all.

>>> from types import SimpleNamespace as NS
>>> c = MemoryCache(limit=10)
>>> c.put("a", NS(nbytes=6)); c.put("b", NS(nbytes=6))
>>> c.get("a") is None, c.get("b").nbytes, c.info()["bytes"]
(True, 6, 6)
"""

from __future__ import annotations

import threading
from collections import OrderedDict


class MemoryCache:
    """``key → value`` with at most ``limit`` bytes of values (``value.nbytes``), LRU eviction; thread-safe."""

    def __init__(self, limit: int):
        self._entries: OrderedDict[str, object] = OrderedDict()
        self._lock = threading.Lock()
        self.limit = max(0, int(limit))
        self.nbytes = 0
        self.hits = self.misses = self.disk_hits = 0

    def get(self, key: str):
        """The value for ``key`` (now the most recently used), or None; counts a hit or a miss."""
        with self._lock:
            value = self._entries.get(key)
            if value is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return value

    def put(self, key: str, value) -> None:
        """Keep ``value`` under ``key``, dropping least recently used entries to stay within the limit."""
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self.nbytes -= old.nbytes
            if value.nbytes <= self.limit:
                self._entries[key] = value
                self.nbytes += value.nbytes
            self._evict()

    def set_limit(self, limit: int) -> None:
        """Change the bound (dropping entries at once if the cache is over it)."""
        with self._lock:
            self.limit = max(0, int(limit))
            self._evict()

    def clear(self) -> None:
        """Drop every entry (the counters stay)."""
        with self._lock:
            self._entries.clear()
            self.nbytes = 0

    def info(self) -> dict:
        """``entries``, ``bytes``, ``limit``, ``hits``, ``misses``, ``disk_hits``."""
        with self._lock:
            return {
                "entries": len(self._entries),
                "bytes": self.nbytes,
                "limit": self.limit,
                "hits": self.hits,
                "misses": self.misses,
                "disk_hits": self.disk_hits,
            }

    def __len__(self) -> int:
        return len(self._entries)

    def _evict(self) -> None:
        while self.nbytes > self.limit and self._entries:
            _, value = self._entries.popitem(last=False)
            self.nbytes -= value.nbytes
