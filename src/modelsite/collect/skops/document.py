"""Open a `.skops` zip safely and read its `schema.json` and `modelsite.json` as whole documents.

Everything here uses the standard library only: the zip directory is checked before any member
is read (size caps, so a zip bomb is refused unread), only `schema.json` and the embedded
`modelsite.json` are ever read (never `.npy`/`.npz`/`.bin` members), and nothing the file names
is imported or constructed. The file's SHA-256 is computed beside the read (`FileDigest`).
"""

from __future__ import annotations

import _thread
import json
import zlib
from pathlib import Path

from modelsite.collect.skops.archive import NotAZip, OverCap, ZipError, ZipLite
from modelsite.errors import InputError
from modelsite.export import METADATA_MEMBER  # the writer owns the member's name

TYPE_CHECKING = False  # typing and dataclasses stay out of `modelsite inspect`'s cold start
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

    State = dict[str, Any]

SCHEMA_MEMBER = "schema.json"
MAX_PROTOCOL = 2
"""Newest skops protocol this reader understands (skops 0.16 writes 2)."""
MAX_MEMBERS = 500_000
_HASH_CHUNK = 1 << 18


class SkopsFile:
    """The parts of a `.skops` file modelsite reads."""

    __slots__ = ("members", "metadata", "path", "problems", "schema", "sha256", "size_bytes")

    def __init__(
        self,
        *,
        path: Path,
        schema: State,
        metadata: Mapping[str, Any],
        members: frozenset[str],
        sha256: str,
        size_bytes: int,
        problems: tuple[str, ...] = (),
    ) -> None:
        self.path = path
        self.schema = schema
        self.metadata = metadata
        self.members = members
        self.sha256 = sha256
        self.size_bytes = size_bytes
        self.problems = problems


def sha256(size_hint: int = 0) -> Any:
    """A SHA-256 object: OpenSSL's (`hashlib`) for data over `SMALL_HASH` bytes, else the
    interpreter's own `_sha2`/`_sha256`, when there is one.

    OpenSSL hashes several times faster and releases the GIL (the file's hash then runs beside
    the parse), but loading it costs a cold process about 3.5 MiB of memory and 3 ms: more than
    the builtin's extra time (about 3.5 ms per MiB, GIL held) up to `SMALL_HASH`. The digest
    is the same."""
    if size_hint <= SMALL_HASH:
        for name in ("_sha2", "_sha256"):  # Python 3.12+ / 3.11
            try:
                module = __import__(name)
            except ImportError:
                continue
            return module.sha256()
    import hashlib

    return hashlib.sha256()


SMALL_HASH = 8 << 20


def file_digest(path: Path) -> tuple[str, int]:
    """The SHA-256 (hex) and size of a file, read through one reused buffer."""
    digest = sha256(path.stat().st_size)
    size = 0
    buf = bytearray(_HASH_CHUNK)  # one buffer, reused: no allocation per chunk
    view = memoryview(buf)
    with path.open("rb", buffering=0) as fh:
        while n := fh.readinto(buf):
            digest.update(view[:n])
            size += n
    return digest.hexdigest(), size


class FileDigest:
    """`file_digest(path)` computed in a background thread while the caller parses the file.

    Hashing releases the GIL, so it overlaps reading and parsing. `_thread` (the standard
    library's documented low-level threading module) rather than `threading`: one import fewer
    on `modelsite inspect`'s cold path. `result()` waits and returns `(sha256, size)` or raises
    what the hash raised; call it exactly once (in a `finally` when the caller may fail)."""

    __slots__ = ("_done", "_out")

    def __init__(self, path: Path) -> None:
        self._out: list[tuple[str, int] | BaseException] = []
        self._done = _thread.allocate_lock()
        self._done.acquire()
        _thread.start_new_thread(self._run, (path,))

    def _run(self, path: Path) -> None:
        try:
            self._out.append(file_digest(path))
        except BaseException as exc:  # handed to the caller by `result`
            self._out.append(exc)
        finally:
            self._done.release()

    def wait(self) -> None:
        """Block until the hash is done (idempotent)."""
        if self._done.locked() and not self._out:
            self._done.acquire()

    def result(self) -> tuple[str, int]:
        self.wait()
        outcome = self._out[0]
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome


def _mib(n: int) -> str:
    return f"{n / (1 << 20):g} MiB"


def _parse_json(raw: bytes | str, member: str, path: Path) -> Any:
    try:
        return json.loads(raw)
    except RecursionError:
        raise InputError(path, f"{member} nests too deeply to parse") from None
    except UnicodeDecodeError as exc:
        raise InputError(path, f"{member} is not UTF-8 text ({exc.reason})") from None
    except ValueError as exc:
        raise InputError(path, f"{member} is not valid JSON ({exc})") from None


def open_skops(path: str | Path, *, max_member_bytes: int) -> SkopsFile:
    """Read `schema.json` (and `modelsite.json` if present) of a skops file, bounded in size."""
    path = Path(path)
    try:
        digest = FileDigest(path)
        with ZipLite.open(
            path, keep=frozenset({SCHEMA_MEMBER, METADATA_MEMBER}), max_members=MAX_MEMBERS
        ) as zf:
            members = frozenset(zf.names)
            if SCHEMA_MEMBER not in zf.entries:
                raise InputError(path, "not a skops file: the zip has no schema.json")
            raw_schema = zf.read(SCHEMA_MEMBER, max_member_bytes)
            raw_meta = (
                zf.read(METADATA_MEMBER, max_member_bytes)
                if METADATA_MEMBER in zf.entries
                else None
            )
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except IsADirectoryError:
        raise InputError(path, "is a directory, not a .skops file") from None
    except NotAZip as exc:
        raise InputError(path, f"not a skops file: not a zip archive ({exc})") from None
    except OverCap as exc:
        raise InputError(
            path, f"{exc}, over the {_mib(max_member_bytes)} cap (raise it with --max-member-mib)"
        ) from None
    except ZipError as exc:
        raise InputError(path, f"truncated or corrupt zip archive ({exc})") from None
    except zlib.error as exc:
        raise InputError(path, f"truncated or corrupt zip archive ({exc})") from None
    except OSError as exc:
        raise InputError(path, f"cannot read ({exc.strerror or exc})") from None

    try:  # decode first so the bytes are freed before parsing (lower peak memory)
        text = raw_schema.decode(json.detect_encoding(raw_schema), "surrogatepass")
    except UnicodeDecodeError as exc:
        raise InputError(path, f"schema.json is not UTF-8 text ({exc.reason})") from None
    del raw_schema
    schema = _parse_json(text, SCHEMA_MEMBER, path)
    del text
    try:
        sha256, size = digest.result()
    except Exception as exc:
        raise InputError(path, f"cannot read ({exc})") from None
    if not isinstance(schema, dict):
        raise InputError(
            path,
            f"schema.json is not a skops schema (top level is a "
            f"{type(schema).__name__}, not an object)",
        )
    protocol = schema.get("protocol")
    if isinstance(protocol, bool) or not isinstance(protocol, int):
        raise InputError(path, f"schema.json has no valid skops protocol (found {protocol!r})")
    if protocol > MAX_PROTOCOL or protocol < 0:
        raise InputError(
            path,
            f"unknown skops protocol {protocol} (this modelsite reads "
            f"protocols 0 to {MAX_PROTOCOL}; a newer skops wrote it?)",
        )
    metadata, problems = read_metadata(raw_meta, path)
    return SkopsFile(
        path=path,
        schema=schema,
        metadata=metadata,
        members=members,
        sha256=sha256,
        size_bytes=size,
        problems=problems,
    )


def read_metadata(raw_meta: bytes | None, path: Path) -> tuple[Mapping[str, Any], tuple[str, ...]]:
    """The embedded `modelsite.json` (`{}` if absent or unusable) and the problems found."""
    if raw_meta is None:
        return {}, ()
    try:
        parsed = _parse_json(raw_meta, METADATA_MEMBER, path)
    except InputError as exc:
        return {}, (exc.problem,)
    if not isinstance(parsed, dict):
        return {}, ("modelsite.json is not a JSON object; ignored",)
    return parsed, ()
