"""The model reader's own zip reader (`collect.skops.archive`) and the limits it must keep.

It exists because `import zipfile` costs about 19 ms of `modelsite inspect`'s 60-90 ms start
and `zipfile` builds an object per member (a forest has thousands). What it must never do:
read a member it was not asked to keep, read or inflate past a size cap, trust the sizes a
directory declares, or hand out data whose size and CRC-32 were not checked. Each is tested
here against zips written by the standard `zipfile` module (then edited where a lie is needed).
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path

import pytest

from modelsite.collect.skops.archive import NotAZip, OverCap, ZipError, ZipLite

KEEP = frozenset({"schema.json"})


def write_zip(path: Path, members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", method) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def patch_sizes(path: Path, name: str, size: int) -> None:
    """Make the central directory (and local header) declare `size` for `name`'s uncompressed
    size, leaving the data as it is: a directory that lies."""
    raw = bytearray(path.read_bytes())
    encoded = name.encode()
    at = raw.find(b"PK\x01\x02")
    while at >= 0:
        nlen = struct.unpack_from("<H", raw, at + 28)[0]
        if raw[at + 46 : at + 46 + nlen] == encoded:
            struct.pack_into("<L", raw, at + 24, size)
        at = raw.find(b"PK\x01\x02", at + 4)
    path.write_bytes(bytes(raw))


@pytest.mark.parametrize("piece", [1, 7, 258, 4096, 1 << 16])
def test_reads_what_zipfile_wrote(tmp_path: Path, piece: int) -> None:
    """Highly compressible data read in small pieces: zlib can hold output after the last
    input byte (a regression: that tail was once reported as truncation)."""
    data = b'{"protocol": 2}' * 1000 + bytes(range(256)) + b"0" * 70000
    path = write_zip(tmp_path / "m.zip", {"schema.json": data, "a.npy": b"\x93NUMPY"})
    with ZipLite.open(path, keep=KEEP, max_members=10) as zl:
        assert zl.names == {"schema.json", "a.npy"}
        assert zl.read("schema.json", 1 << 20) == data
        assert b"".join(zl.iter_member("schema.json", 1 << 20, piece)) == data


def test_stored_members_are_read_too(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "m.zip", {"schema.json": b"{}"}, zipfile.ZIP_STORED)
    with ZipLite.open(path, keep=KEEP, max_members=10) as zl:
        assert zl.read("schema.json", 100) == b"{}"


def test_members_not_kept_cannot_be_read(tmp_path: Path) -> None:
    """Only the members asked for get an entry: an array member is never read."""
    path = write_zip(tmp_path / "m.zip", {"schema.json": b"{}", "a.npy": b"x" * 100})
    with ZipLite.open(path, keep=KEEP, max_members=10) as zl:
        assert "a.npy" in zl.names
        assert "a.npy" not in zl.entries
        with pytest.raises(KeyError):
            zl.read("a.npy", 1 << 20)


def test_a_member_over_the_cap_is_refused_before_a_byte_is_inflated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_zip(tmp_path / "m.zip", {"schema.json": b"0" * 5000})
    inflated: list[int] = []
    real = zlib.decompressobj

    def counting(*args: object) -> object:
        inflated.append(1)
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(zlib, "decompressobj", counting)
    with ZipLite.open(path, keep=KEEP, max_members=10) as zl:
        with pytest.raises(OverCap, match="5000 bytes"):
            zl.read("schema.json", 4999)
        with pytest.raises(OverCap):
            next(zl.iter_member("schema.json", 4999))
    assert inflated == []


@pytest.mark.parametrize("streamed", [False, True])
def test_a_directory_that_understates_the_size_is_caught(tmp_path: Path, streamed: bool) -> None:
    """A zip bomb's trick: the directory says 10 bytes, the data inflates to 1 MB. Inflating
    stops at the declared size (never the real one), and nothing is returned."""
    path = write_zip(tmp_path / "m.zip", {"schema.json": b"0" * (1 << 20)})
    patch_sizes(path, "schema.json", 10)
    with ZipLite.open(path, keep=KEEP, max_members=10) as zl, pytest.raises(ZipError):
        if streamed:
            for piece in zl.iter_member("schema.json", 1 << 30, 4):
                assert len(piece) <= 11
        else:
            zl.read("schema.json", 1 << 30)


def test_too_many_members_is_refused_from_the_directory(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "m.zip", {f"{i}.npy": b"" for i in range(11)})
    with pytest.raises(ZipError, match="11 members"):
        ZipLite.open(path, keep=KEEP, max_members=10)


def test_a_changed_byte_fails_the_crc(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "m.zip", {"schema.json": b"abcdefgh"}, zipfile.ZIP_STORED)
    raw = path.read_bytes()
    path.write_bytes(raw.replace(b"abcdefgh", b"abcdefgX", 1))
    with ZipLite.open(path, keep=KEEP, max_members=10) as zl:
        with pytest.raises(ZipError, match="CRC"):
            zl.read("schema.json", 100)
        with pytest.raises(ZipError, match="CRC"):
            b"".join(zl.iter_member("schema.json", 100, 3))


def test_other_compression_methods_are_refused(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "m.zip", {"schema.json": b"{}" * 100}, zipfile.ZIP_BZIP2)
    with (
        ZipLite.open(path, keep=KEEP, max_members=10) as zl,
        pytest.raises(ZipError, match="compression method 12"),
    ):
        zl.read("schema.json", 1 << 20)


def test_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "m.zip"
    path.write_bytes(b"just text, no directory")
    with pytest.raises(NotAZip):
        ZipLite.open(path, keep=KEEP, max_members=10)


def test_truncated_archive(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "m.zip", {"schema.json": b"x" * 1000, "b": b"y" * 1000})
    raw = path.read_bytes()
    eocd = raw.rfind(b"PK\x05\x06")
    path.write_bytes(raw[:200] + raw[eocd:])  # the directory now points past the data
    with pytest.raises(ZipError), ZipLite.open(path, keep=KEEP, max_members=10) as zl:
        zl.read("schema.json", 1 << 20)
