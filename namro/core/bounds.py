"""Bounds on what an uploaded file may cost before it is parsed.

An .xlsx or .docx is a zip: its directory says how many entries it holds and how large they
become, without decompressing anything, so a zip bomb is refused on its directory. A .docx's
paragraphs are counted by streaming its document part (stopping at the limit). A PDF is
parsed in a child process with limits on memory and CPU time, because the parser cannot be
stopped from inside. ``sniff`` names a file's type from its first bytes, not from its name.

Pure: no Django; each check raises ``Refused`` with the reason in Vietnamese and English.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import re
import resource
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Any, TypeVar

MAX_ENTRIES = 2_000
MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_RATIO = 100
MAX_PARAGRAPHS = 50_000
CHILD_SECONDS = 20
CHILD_MEMORY = 256 * 1024 * 1024
SAFETY_FACTOR = 4
WATCH_SECONDS = 0.01

T = TypeVar("T")
PARAGRAPH = re.compile(rb"<w:p[ >/]")


class Refused(ValueError):
    """A file refused: why, in Vietnamese and English; ``damaged`` when it is not what it
    says it is at all (rather than too big)."""

    def __init__(self, vi: str, en: str, *, damaged: bool = False) -> None:
        super().__init__(vi)
        self.vi = vi
        self.en = en
        self.damaged = damaged


@dataclass(frozen=True)
class ZipFacts:
    entries: int
    uncompressed: int
    names: frozenset[str]


def check_zip(
    source: str | IO[bytes],
    *,
    max_entries: int = MAX_ENTRIES,
    max_uncompressed: int = MAX_UNCOMPRESSED,
    max_ratio: int = MAX_RATIO,
) -> ZipFacts:
    """Refuse a zip whose directory declares too many entries, too many bytes in all, or an
    entry that expands more than ``max_ratio`` times; nothing is decompressed."""
    try:
        with zipfile.ZipFile(source) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise Refused(
            "Tệp bị hỏng hoặc không phải tệp Office (.docx, .xlsx).",
            "The file is damaged or not an Office file (.docx, .xlsx).",
            damaged=True,
        ) from exc
    if len(infos) > max_entries:
        raise Refused(
            f"Tệp có {len(infos):,} thành phần, vượt giới hạn {max_entries:,}.",
            f"The file holds {len(infos):,} parts, over the limit of {max_entries:,}.",
        )
    total = sum(i.file_size for i in infos)
    if total > max_uncompressed:
        mb = max_uncompressed // (1024 * 1024)
        raise Refused(
            f"Tệp khi giải nén lớn {total / 1048576:,.0f} MB, vượt giới hạn {mb} MB.",
            f"The file expands to {total / 1048576:,.0f} MB, over the limit of {mb} MB.",
        )
    for info in infos:
        if info.file_size > 1024 * 1024 and info.file_size > max_ratio * max(info.compress_size, 1):
            raise Refused(
                f"Thành phần «{info.filename}» nén bất thường (gấp "
                f"{info.file_size // max(info.compress_size, 1):,} lần): có thể là bom nén.",
                f"Part {info.filename!r} is compressed abnormally "
                f"({info.file_size // max(info.compress_size, 1):,} times): a zip bomb.",
            )
    return ZipFacts(len(infos), total, frozenset(i.filename for i in infos))


def count_docx_paragraphs(source: str | IO[bytes], *, limit: int = MAX_PARAGRAPHS) -> int:
    """The paragraphs of a .docx's document part, counted while streaming it; refuse past
    ``limit`` without reading further."""
    count = 0
    tail = b""  # four bytes: a five-byte tag cut by a chunk's end is counted once, whole
    with zipfile.ZipFile(source) as archive, archive.open("word/document.xml") as part:
        while chunk := part.read(1 << 16):
            data = tail + chunk
            count += len(PARAGRAPH.findall(data))
            tail = data[-4:]
            if count > limit:
                raise Refused(
                    f"Tệp Word có hơn {limit:,} đoạn văn, vượt giới hạn.",
                    f"The Word file holds more than {limit:,} paragraphs, over the limit.",
                )
    return count


ZIP_KINDS = {"word/document.xml": "docx", "xl/workbook.xml": "xlsx"}


def sniff(head: bytes, zip_names: frozenset[str] | None = None) -> str:
    """The kind of a file from its first bytes (and, for a zip, its part names): pdf, docx,
    xlsx, zip, jpeg, png, text, or "" when none of these."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        for part, kind in ZIP_KINDS.items():
            if zip_names is not None and part in zip_names:
                return kind
        return "zip"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if b"\x00" not in head:
        try:
            head.decode("utf-8")
            return "text"
        except UnicodeDecodeError as exc:
            # A multi-byte character cut at the end of the sample is still text.
            if exc.start >= len(head) - 3:
                return "text"
    return ""


def _address_space() -> int:
    """The process's virtual size now (the child inherits the parent's)."""
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[0]) * resource.getpagesize()


def private_memory(pid: int) -> int:
    """Bytes of memory a process holds of its own (written since it forked), from
    ``/proc/PID/smaps_rollup``; 0 when it is gone."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as rollup:
            lines = rollup.read().splitlines()
    except OSError:
        return 0
    total = 0
    for line in lines:
        if line.startswith(("Private_Clean:", "Private_Dirty:")):
            total += int(line.split()[1]) * 1024
    return total


def _child(
    func: Callable[..., Any], args: tuple[Any, ...], memory: int, seconds: int, out: Any
) -> None:
    # The parent watches the child's own memory against ``memory``; this cap on the address
    # space, above what the child inherits, is only the backstop for an allocation faster
    # than the watch.
    cap = _address_space() + SAFETY_FACTOR * memory
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds))
    try:
        out.send(("ok", func(*args)))
    except Refused as exc:
        out.send(("refused", (exc.vi, exc.en)))
    except MemoryError:
        out.send(("memory", None))
    except Exception as exc:  # the parent turns it into a clear refusal
        out.send(("error", f"{type(exc).__name__}: {exc}"))


def run_bounded(
    func: Callable[..., T],
    *args: Any,
    seconds: int = CHILD_SECONDS,
    memory: int = CHILD_MEMORY,
    what: tuple[str, str] = ("tệp", "file"),
) -> T:
    """``func(*args)`` in a child process that may hold ``memory`` bytes of its own (watched
    by the parent, which kills it past that) and ``seconds`` of CPU (twice that of wall
    time); its exceptions come back as ``Refused``."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(func, args, memory, seconds, send), daemon=True)
    child.start()
    send.close()
    deadline = time.monotonic() + seconds * 2
    status: str = "killed"
    value: Any = None
    try:
        while not receive.poll(WATCH_SECONDS):
            if private_memory(child.pid or 0) > memory:
                child.kill()
                status = "memory"
                break
            if time.monotonic() > deadline:
                child.kill()
                raise Refused(
                    f"Đọc {what[0]} quá {seconds * 2} giây: dừng lại.",
                    f"Reading the {what[1]} took over {seconds * 2} s: stopped.",
                )
            if not child.is_alive() and not receive.poll(0):
                break
        else:
            with contextlib.suppress(EOFError):
                status, value = receive.recv()
    finally:
        child.join(5)
        if child.is_alive():
            child.kill()
        receive.close()
    if status == "ok":
        return value  # type: ignore[no-any-return]
    if status == "refused":
        raise Refused(*value)
    if status in {"memory", "killed"}:
        mb = memory // (1024 * 1024)
        raise Refused(
            f"Đọc {what[0]} cần quá {mb} MB bộ nhớ hoặc quá thời gian: dừng lại.",
            f"Reading the {what[1]} needs over {mb} MB of memory or too long: stopped.",
        )
    raise Refused(f"Không đọc được {what[0]} ({value}).", f"Cannot read the {what[1]} ({value}).")
