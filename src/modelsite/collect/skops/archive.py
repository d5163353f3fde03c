"""A minimal, bounded zip reader: the directory, and whole members read under a size cap.

Why not `zipfile`: it builds a `ZipInfo` object for every member (a 1000-tree forest has
thousands of `.npy` members) and costs an import; the model reader only needs the names and
two small JSON members. This reader parses the central directory with `struct`, keeps the
entries of the members asked for, refuses a member whose declared size is over the cap before
reading a byte of it, inflates with a hard output limit (a directory can lie), and checks the
size and CRC-32 of what it read. Stored and deflated members, ZIP64 and UTF-8 names are
supported; anything else is refused with a message.
"""

from __future__ import annotations

import struct
import zlib

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path
    from typing import BinaryIO

_EOCD = struct.Struct("<4s4H2LH")
_EOCD64_LOCATOR = struct.Struct("<4sLQL")
_EOCD64 = struct.Struct("<4sQ2H2L4Q")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_CENTRAL_LENGTHS = struct.Struct("<4s4xH18x3H")
"""The fields of a central directory entry read for every member: signature, flags, and the
lengths of the name, extra field and comment."""
_LOCAL = struct.Struct("<4s2B4HL2L2H")
_MAX_COMMENT = 65535
_CHUNK = 1 << 20


class ZipError(Exception):
    """The file is not a zip archive, or is truncated or corrupt."""


class NotAZip(ZipError):
    """No end-of-central-directory record: not a zip archive at all."""


class OverCap(ZipError):
    """A member is bigger than the caller's cap."""


class ZipEntry:
    """One member's central directory entry (sizes and offset after ZIP64 fix-ups)."""

    __slots__ = ("compressed", "crc", "flags", "method", "name", "offset", "size")

    def __init__(
        self, name: str, method: int, flags: int, crc: int, compressed: int, size: int, offset: int
    ) -> None:
        self.name = name
        self.method = method
        self.flags = flags
        self.crc = crc
        self.compressed = compressed
        self.size = size
        self.offset = offset


class ZipLite:
    """The central directory of the zip at `path`; `read(name, cap)` returns one member."""

    def __init__(self, fh: BinaryIO, *, keep: frozenset[str], max_members: int) -> None:
        self._fh = fh
        self.names: set[str] = set()
        self.entries: dict[str, ZipEntry] = {}
        self._read_directory(keep, max_members)

    @classmethod
    def open(cls, path: Path, *, keep: frozenset[str], max_members: int) -> ZipLite:
        fh = path.open("rb")
        try:
            return cls(fh, keep=keep, max_members=max_members)
        except BaseException:
            fh.close()
            raise

    def close(self) -> None:
        self._fh.close()

    def __enter__(self) -> ZipLite:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _read_directory(self, keep: frozenset[str], max_members: int) -> None:
        fh = self._fh
        fh.seek(0, 2)
        file_size = fh.tell()
        tail_len = min(file_size, _EOCD.size + _MAX_COMMENT)
        fh.seek(file_size - tail_len)
        tail = fh.read(tail_len)
        pos = tail.rfind(b"PK\x05\x06")
        if pos < 0 or len(tail) - pos < _EOCD.size:
            raise NotAZip("no end-of-central-directory record")
        _, _, _, _, entries, cd_size, cd_offset, _ = _EOCD.unpack_from(tail, pos)
        eocd_at = file_size - tail_len + pos
        directory_end = eocd_at
        if entries == 0xFFFF or cd_size == 0xFFFFFFFF or cd_offset == 0xFFFFFFFF:
            loc_at = eocd_at - _EOCD64_LOCATOR.size
            if loc_at < 0:
                raise ZipError("ZIP64 locator missing")
            fh.seek(loc_at)
            loc = fh.read(_EOCD64_LOCATOR.size)
            sig, _, rec_at, _ = _EOCD64_LOCATOR.unpack(loc)
            if sig != b"PK\x06\x07" or rec_at + _EOCD64.size > loc_at:
                raise ZipError("ZIP64 end record missing")
            fh.seek(rec_at)
            rec = fh.read(_EOCD64.size)
            if rec[:4] != b"PK\x06\x06":
                raise ZipError("ZIP64 end record missing")
            *_, entries, cd_size, cd_offset = _EOCD64.unpack(rec)
            directory_end = rec_at
        if entries > max_members:
            raise ZipError(f"the zip directory lists {entries} members (more than {max_members})")
        concat = directory_end - cd_size - cd_offset  # bytes prepended to the archive, if any
        if concat < 0 or cd_size > file_size:
            raise ZipError("the central directory lies outside the file (truncated?)")
        fh.seek(cd_offset + concat)
        cd = fh.read(cd_size)
        if len(cd) != cd_size:
            raise ZipError("truncated central directory")
        at = 0
        names = self.names
        lengths = _CENTRAL_LENGTHS.unpack_from
        for _ in range(entries):
            if at + _CENTRAL.size > cd_size:
                raise ZipError("truncated central directory")
            sig, flags, nlen, xlen, clen = lengths(cd, at)
            if sig != b"PK\x01\x02":
                raise ZipError("bad central directory entry")
            raw_name = cd[at + 46 : at + 46 + nlen]
            if raw_name.isascii():
                name = raw_name.decode("ascii")
            else:
                name = raw_name.decode("utf-8" if flags & 0x800 else "cp437", "replace")
            if name in keep:
                (_, _, _, _, _, _, method, _, _, crc, csize, size, *_, offset) = (
                    _CENTRAL.unpack_from(cd, at)
                )
                extra = cd[at + 46 + nlen : at + 46 + nlen + xlen]
                size, csize, offset = _zip64_sizes(extra, size, csize, offset)
                self.entries[name] = ZipEntry(
                    name, method, flags, crc, csize, size, offset + concat
                )
            names.add(name)
            at += 46 + nlen + xlen + clen

    def read(self, name: str, cap: int) -> bytes:
        """The member's bytes; `OverCap` if it is (or inflates to) more than `cap` bytes."""
        entry = self._seek_member(name, cap)
        fh = self._fh
        if entry.method == 0:
            if entry.compressed != entry.size:
                raise ZipError(f"stored member {name!r} has inconsistent sizes")
            data = fh.read(entry.size)
            if len(data) != entry.size:
                raise ZipError(f"member {name!r} is truncated")
        else:
            data = _inflate(fh, entry, cap)
        if zlib.crc32(data) != entry.crc:
            raise ZipError(f"bad CRC-32 for {name!r}")
        return data

    def iter_member(self, name: str, cap: int, piece: int = 1 << 16) -> Iterator[bytes]:
        """The member's bytes in pieces of at most `piece` bytes, under the same checks as `read`.

        The size cap, encryption, method and local header are checked before the first piece; the
        inflated size and the CRC-32 only once the member is exhausted, so a caller must consume
        every piece (until `StopIteration`) before trusting any of them.
        """
        entry = self._seek_member(name, cap)
        fh = self._fh
        crc = 0
        total = 0
        if entry.method == 0:
            if entry.compressed != entry.size:
                raise ZipError(f"stored member {name!r} has inconsistent sizes")
            while total < entry.size:
                data = fh.read(min(piece, entry.size - total))
                if not data:
                    raise ZipError(f"member {name!r} is truncated")
                total += len(data)
                crc = zlib.crc32(data, crc)
                yield data
        else:
            inflater = zlib.decompressobj(-15)
            limit = min(cap, entry.size)  # never inflate past what the directory declared
            remaining = entry.compressed
            pending = b""
            while not inflater.eof:
                if not pending and remaining > 0:
                    pending = fh.read(min(piece, remaining))
                    if not pending:
                        raise ZipError(f"member {name!r} is truncated")
                    remaining -= len(pending)
                # with no input left, zlib may still hold output (a match cut by the
                # output limit): decompress(b"") drains it
                data = inflater.decompress(pending, min(piece, limit + 1 - total))
                if not data and not pending and remaining <= 0 and not inflater.eof:
                    break
                pending = inflater.unconsumed_tail
                total += len(data)
                if total > limit:
                    raise ZipError(
                        f"member {name!r} inflates past the {entry.size} bytes its "
                        "zip directory entry declares"
                    )
                if data:
                    crc = zlib.crc32(data, crc)
                    yield data
            if not inflater.eof:
                raise ZipError(f"member {name!r} is truncated")
        if total != entry.size:
            raise ZipError(f"member {name!r} is {total} bytes, not {entry.size}")
        if crc != entry.crc:
            raise ZipError(f"bad CRC-32 for {name!r}")

    def _seek_member(self, name: str, cap: int) -> ZipEntry:
        """Check the member can be read under `cap` and seek to its data."""
        entry = self.entries[name]
        if entry.size > cap:
            raise OverCap(f"member {name!r} is {entry.size} bytes uncompressed")
        if entry.flags & 0x1:
            raise ZipError(f"member {name!r} is encrypted")
        if entry.method not in (0, 8):
            raise ZipError(
                f"member {name!r} uses compression method {entry.method} "
                "(only stored and deflated are read)"
            )
        fh = self._fh
        fh.seek(entry.offset)
        header = fh.read(_LOCAL.size)
        if len(header) != _LOCAL.size or header[:4] != b"PK\x03\x04":
            raise ZipError(f"bad local header for {name!r}")
        nlen, xlen = _LOCAL.unpack(header)[-2:]
        fh.seek(entry.offset + _LOCAL.size + nlen + xlen)
        return entry


def _inflate(fh: BinaryIO, entry: ZipEntry, cap: int) -> bytes:
    inflater = zlib.decompressobj(-15)
    parts: list[bytes] = []
    total = 0
    limit = min(cap, entry.size)  # never inflate past what the directory declared
    remaining = entry.compressed
    while remaining > 0 and not inflater.eof:
        chunk = fh.read(min(_CHUNK, remaining))
        if not chunk:
            raise ZipError(f"member {entry.name!r} is truncated")
        remaining -= len(chunk)
        buf = chunk
        while buf and not inflater.eof:
            piece = inflater.decompress(buf, limit + 1 - total)
            total += len(piece)
            if total > limit:
                raise ZipError(
                    f"member {entry.name!r} inflates past the {entry.size} bytes its "
                    "zip directory entry declares"
                )
            parts.append(piece)
            buf = inflater.unconsumed_tail
    if not inflater.eof:
        raise ZipError(f"member {entry.name!r} is truncated")
    data = b"".join(parts)
    if len(data) != entry.size:
        raise ZipError(f"member {entry.name!r} is {len(data)} bytes, not {entry.size}")
    return data


def _zip64_sizes(extra: bytes, size: int, csize: int, offset: int) -> tuple[int, int, int]:
    at = 0
    while at + 4 <= len(extra):
        tag, length = struct.unpack_from("<2H", extra, at)
        if tag == 0x0001:
            body = extra[at + 4 : at + 4 + length]
            values = list(struct.unpack_from(f"<{len(body) // 8}Q", body))
            if size == 0xFFFFFFFF and values:
                size = values.pop(0)
            if csize == 0xFFFFFFFF and values:
                csize = values.pop(0)
            if offset == 0xFFFFFFFF and values:
                offset = values.pop(0)
            break
        at += 4 + length
    return size, csize, offset
