"""A low-priority thread that makes the calls into IREE's multi-threaded CPU driver.

IREE 3.13 busy-polls the completion fence on the calling thread, which takes a core from a pinned worker
when IREE has as many workers as the machine has cores; at nice 19 the workers preempt it at once
(figures in docs/performance-notes.md). The caller's own thread sleeps meanwhile.
``GORGONIA_RUNTIME_CALLER=0`` calls directly instead.

>>> caller = Caller()
>>> caller(pow, 2, 10)
1024
>>> caller.close()
"""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Callable

NICE = 19  # the lowest priority: any runnable worker preempts the polling call
_STOP = object()


class Caller:
    """Runs ``fn(*args)`` on one daemon thread of its own at the lowest priority; ``caller(fn, *args)``
    returns the result or raises the exception, as a direct call would. Calls are serialized."""

    def __init__(self, name: str = "gorgonia-runtime-caller"):
        self._requests: queue.SimpleQueue = queue.SimpleQueue()
        self._results: queue.SimpleQueue = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._closed = False
        self._thread = threading.Thread(target=self._serve, name=name, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        try:  # this thread only (Linux: a thread id); elsewhere the calls simply run at normal priority
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), NICE)
        except (AttributeError, OSError):
            pass
        while True:
            request = self._requests.get()
            if request is _STOP:
                return
            fn, args = request
            try:
                self._results.put((fn(*args), None))
            except BaseException as exc:  # noqa: BLE001 - handed back to the calling thread
                self._results.put((None, exc))

    def __call__(self, fn: Callable, *args):
        with self._lock:
            if self._closed:
                raise RuntimeError("the caller thread is closed")
            self._requests.put((fn, args))
            interrupted = None
            while True:  # a KeyboardInterrupt waits for the running call, so no result is left behind
                try:
                    result, exc = self._results.get(timeout=1.0)
                    break
                except queue.Empty:
                    if not self._thread.is_alive():
                        raise RuntimeError("the caller thread stopped before answering") from None
                except BaseException as e:  # noqa: BLE001
                    interrupted = e
            if interrupted is not None:
                raise interrupted
            if exc is not None:
                raise exc
            return result

    def close(self, wait: bool = True) -> None:
        """Stop the thread (after the call in progress; ``wait`` joins it). Later calls raise."""
        self._closed = True
        if self._thread.is_alive():
            self._requests.put(_STOP)
            if wait and threading.current_thread() is not self._thread:
                self._thread.join()
