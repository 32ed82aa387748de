"""A folder of kept simulation results (:mod:`mcda_citydip.cache`), one small JSON file
per key.

The folder is ``$CITYDIP_CACHE`` (``off`` or empty: keep nothing), else the user's cache
folder: ``%LOCALAPPDATA%\\citydip\\cache`` on Windows, ``~/Library/Caches/citydip`` on macOS,
``$XDG_CACHE_HOME/citydip`` or ``~/.cache/citydip`` elsewhere. Deleting it is always safe:
what it held is simulated again. Each file is written atomically and names its whole key,
so two processes never leave half a file and a file never answers for another key; a file
that cannot be read or written is ignored (the result is simulated instead).

The compiled SMAA kernels (:mod:`mcda_citydip.compiled`, the ``fast`` extra) keep their
machine code in the folder's ``numba`` subfolder, unless ``NUMBA_CACHE_DIR`` is set; with
keeping off, numba keeps it in its own default place (beside the installed package).
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import sys
from collections.abc import Mapping
from pathlib import Path

ENV_VAR = "CITYDIP_CACHE"
OFF = ("", "off", "none", "0")


def cache_folder(environ: Mapping[str, str] | None = None) -> Path | None:
    """Where kept results go (see the module), or ``None`` when keeping is turned off."""
    env = os.environ if environ is None else environ
    if ENV_VAR in env:
        given = env[ENV_VAR].strip()
        return None if given.lower() in OFF else Path(given).expanduser()
    if sys.platform == "win32":
        base = env.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "citydip" / "cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "citydip"
    return Path(env.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "citydip"


class DiskStore:
    """Kept results in ``folder`` (created on the first write)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _file(self, key: str) -> Path:
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:40]
        return self.folder / f"{digest}.json"

    def get(self, key: str) -> tuple[float, ...] | None:
        try:
            kept = json.loads(self._file(key).read_text(encoding="utf-8"))
            value = tuple(float(x) for x in kept["value"])
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if kept.get("key") != key or not all(math.isfinite(x) for x in value):
            return None
        return value

    def put(self, key: str, value: tuple[float, ...]) -> None:
        from mcda_citydip.errors import CitydipError
        from mcda_citydip.files.yamlio import ensure_folder, write_atomic

        file = self._file(key)
        text = json.dumps({"key": key, "value": list(value)}, ensure_ascii=False) + "\n"
        try:
            ensure_folder(file)
            write_atomic(file, text)
        except (OSError, CitydipError):  # a cache that cannot write is only slower
            return


def install_default() -> None:
    """Keep this process's simulations in :func:`cache_folder` (nothing when it is off)."""
    from mcda_citydip.cache import use

    try:
        folder = cache_folder()
    except (RuntimeError, OSError, ValueError):  # no home folder to find: keep in memory
        folder = None
    use(None if folder is None else DiskStore(folder))
    if folder is not None:  # read by numba when it is imported (the compiled kernels)
        os.environ.setdefault("NUMBA_CACHE_DIR", str(folder / "numba"))
