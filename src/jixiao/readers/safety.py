"""Guards run before a zip-based (xlsx/docx) or OLE (xls) file is handed to a parser.

Why: a 40 KB ``.xlsx`` can inflate to gigabytes (a zip bomb), and the parsers we use (calamine,
python-docx/lxml) would happily try.  So every zip member is inflated here first, as a stream, with
a running budget: the *declared* sizes are checked before anything is inflated, and the *actual*
bytes are counted while inflating, because declared sizes can lie.  The members the caller needs
come back already inflated, so the guard costs no second decompression for them.

Encrypted Office files are not zips at all: Office wraps the encrypted package in an OLE file
with an ``EncryptedPackage`` stream; legacy .xls carries a ``FilePass`` record.  Both are refused
with the code ``encrypted`` and a message that says what to do.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

from jixiao.model import Problem
from jixiao.readers import ReadError

MAX_TOTAL = 200 * 1024 * 1024  # all members together, inflated
MAX_MEMBER = 100 * 1024 * 1024  # one member, inflated
MAX_RATIO = 200  # inflated / compressed, for members large enough to matter
RATIO_FLOOR = 1024 * 1024  # members smaller than this may compress as well as they like
MAX_MEMBERS = 10_000
_CHUNK = 1 << 16
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def error(name: str, code: str, zh: str, en: str) -> ReadError:
    """A user-facing read failure with a Chinese message and its English twin."""
    return ReadError(Problem(file=name, code=code, message=zh, message_en=en))


def encrypted_error(name: str) -> ReadError:
    return error(
        name,
        "encrypted",
        "文件已加密（设置了打开密码），请在 Excel/WPS 中取消密码后另存再读取",
        "the file is encrypted (it has an open password); remove the password and save it again",
    )


def is_ole(data: bytes) -> bool:
    return data[:8] == _OLE_MAGIC


def check_ole(data: bytes, name: str) -> None:
    """Refuse an OLE container that is an encrypted OOXML package (xlsx/docx with a password)."""
    if is_ole(data) and "EncryptedPackage".encode("utf-16-le") in data:
        raise encrypted_error(name)


def _bomb(name: str, why_zh: str, why_en: str) -> ReadError:
    return error(
        name,
        "zip-bomb",
        f"文件解压后过大或压缩比异常（{why_zh}），疑似压缩炸弹，已拒绝读取",
        f"the file inflates too much ({why_en}); refused as a possible zip bomb",
    )


def open_zip(data: bytes, name: str) -> zipfile.ZipFile:
    """Open ``data`` as a zip and check the declared sizes; raise ReadError if it is not safe."""
    check_ole(data, name)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as exc:
        raise error(
            name,
            "corrupt-file",
            "文件已损坏或不完整，无法作为 Office 文档打开",
            f"the file is damaged or incomplete and cannot be opened as an Office document ({exc})",
        ) from exc
    if len(infos) > MAX_MEMBERS:
        raise _bomb(name, f"{len(infos)} 个成员", f"{len(infos)} members")
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise encrypted_error(name)
        total += info.file_size
        if info.file_size > MAX_MEMBER or total > MAX_TOTAL:
            mb = max(info.file_size, total) // (1024 * 1024)
            raise _bomb(name, f"声明大小 {mb} MB", f"declared size {mb} MB")
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            raise _bomb(name, f"压缩比 {ratio}:1", f"compression ratio {ratio}:1")
    return archive


def inflate_all(
    data: bytes, name: str, keep: Callable[[str], bool] = lambda _: False
) -> dict[str, bytes]:
    """Inflate every member under a byte budget; return the members for which ``keep`` is true.

    Counting the real output catches members whose headers understate their size.
    """
    archive = open_zip(data, name)
    budget = MAX_TOTAL
    kept: dict[str, bytes] = {}
    for info in archive.infolist():
        if info.is_dir():
            continue
        wanted = keep(info.filename)
        parts: list[bytes] = []
        size = 0
        try:
            with archive.open(info) as stream:
                while chunk := stream.read(_CHUNK):
                    size += len(chunk)
                    budget -= len(chunk)
                    if size > MAX_MEMBER or budget < 0:
                        raise _bomb(name, "实际解压超过上限", "actual inflated size over the limit")
                    if info.compress_size and size > RATIO_FLOOR + MAX_RATIO * info.compress_size:
                        raise _bomb(
                            name, "实际压缩比超限", "actual compression ratio over the limit"
                        )
                    if wanted:
                        parts.append(chunk)
        except ReadError:
            raise
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError) as exc:
            # RuntimeError: zipfile's "encrypted, password required"; the rest: damaged data.
            if "encrypt" in str(exc).lower() or "password" in str(exc).lower():
                raise encrypted_error(name) from exc
            raise error(
                name,
                "corrupt-file",
                "文件已损坏（压缩数据无法解开）",
                f"the file is damaged (a compressed part cannot be inflated: {exc})",
            ) from exc
        if wanted:
            kept[info.filename] = b"".join(parts)
    return kept
