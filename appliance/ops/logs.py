"""Logging for every textback process: journald when systemd runs us, rotated files, no text bodies.

* Under systemd (``$JOURNAL_STREAM`` names our stderr) records go to journald over its
  native socket as structured fields: MESSAGE, PRIORITY, SYSLOG_IDENTIFIER (textback-agent,
  textback-web, ...), LOGGER, CODE_FILE/LINE/FUNC, THREAD_NAME, plus TEXTBACK_* fields from
  ``extra={"fields": {...}}``. Anywhere else, plain lines on stderr.
* With ``$TEXTBACK_LOG_DIR`` set (the units set /var/log/textback), also a file per process,
  rotated at 5 MB, 5 kept.
* What customers wrote stays out of the logs unless debug logging is on: pass it as
  ``log.info("text from %s", phone, extra={"customer_text": body})`` and it is shown only
  with ``--verbose``; otherwise the line says how long it was.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import socket
import struct
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any

JOURNAL_SOCKET = "/run/systemd/journal/socket"
ROTATE_BYTES = 5 * 1024 * 1024
ROTATE_KEEP = 5
FILE_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

# logging level -> syslog priority (journald's PRIORITY field)
_PRIORITY = {logging.CRITICAL: 2, logging.ERROR: 3, logging.WARNING: 4, logging.INFO: 6, logging.DEBUG: 7}


# -- pure -----------------------------------------------------------------------------------

def message_text(record: logging.LogRecord, show_customer_text: bool) -> str:
    """The record's message, with the customer's words only when allowed."""
    text = record.getMessage()
    body = getattr(record, "customer_text", None)
    if body is None:
        return text
    if show_customer_text:
        return f"{text}: {body!r}"
    return f"{text} [{len(body)} characters, shown only with debug logging]"


def journal_fields(record: logging.LogRecord, identifier: str, message: str) -> dict[str, str]:
    fields = {
        "MESSAGE": message,
        "PRIORITY": str(_priority(record.levelno)),
        "SYSLOG_IDENTIFIER": identifier,
        "LOGGER": record.name,
        "CODE_FILE": record.pathname,
        "CODE_LINE": str(record.lineno),
        "CODE_FUNC": record.funcName,
        "THREAD_NAME": record.threadName or "",
    }
    if record.exc_info:
        fields["MESSAGE"] += "\n" + logging.Formatter().formatException(record.exc_info)
    for key, value in (getattr(record, "fields", None) or {}).items():
        fields["TEXTBACK_" + _field_name(key)] = str(value)
    return fields


def encode_journal(fields: Mapping[str, str]) -> bytes:
    """journald's native datagram: KEY=value lines; a value with a newline goes length-prefixed."""
    out = bytearray()
    for key, value in fields.items():
        data = value.encode("utf-8", "replace")
        if b"\n" in data:
            out += key.encode() + b"\n" + struct.pack("<Q", len(data)) + data + b"\n"
        else:
            out += key.encode() + b"=" + data + b"\n"
    return bytes(out)


def under_journald(environ: Mapping[str, str], stream_stat: os.stat_result | None) -> bool:
    """True when our stderr is the journal stream systemd gave us ($JOURNAL_STREAM=dev:inode)."""
    device, _, inode = environ.get("JOURNAL_STREAM", "").partition(":")
    if not (device.isdigit() and inode.isdigit()) or stream_stat is None:
        return False
    return (stream_stat.st_dev, stream_stat.st_ino) == (int(device), int(inode))


def _priority(level: int) -> int:
    return next((priority for threshold, priority in sorted(_PRIORITY.items(), reverse=True)
                 if level >= threshold), 7)


def _field_name(key: str) -> str:
    return "".join(ch if ch.isalnum() else "_" for ch in key.upper())


# -- handlers -------------------------------------------------------------------------------

class CustomerTextFormatter(logging.Formatter):
    def __init__(self, fmt: str, show_customer_text: bool) -> None:
        super().__init__(fmt)
        self.show_customer_text = show_customer_text

    def formatMessage(self, record: logging.LogRecord) -> str:  # noqa: N802 (logging's name)
        record.message = message_text(record, self.show_customer_text)
        return super().formatMessage(record)


class JournalHandler(logging.Handler):
    """Sends each record to journald's native socket; falls back to stderr if that fails."""

    def __init__(self, identifier: str, show_customer_text: bool, address: str = JOURNAL_SOCKET,
                 fallback: IO[str] | None = None) -> None:
        super().__init__()
        self.identifier = identifier
        self.show_customer_text = show_customer_text
        self.address = address
        self.fallback = fallback or sys.stderr
        self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC)

    def emit(self, record: logging.LogRecord) -> None:
        message = message_text(record, self.show_customer_text)
        try:
            self._socket.sendto(encode_journal(journal_fields(record, self.identifier, message)), self.address)
        except OSError:
            self.fallback.write(f"{record.levelname} {record.name}: {message}\n")

    def close(self) -> None:
        self._socket.close()
        super().close()


def setup_logging(process: str, verbose: bool = False, environ: Mapping[str, str] | None = None,
                  stderr: IO[str] | None = None) -> list[logging.Handler]:
    """Configure the root logger for one textback process ("agent", "web", "backup", ...)."""
    environ = os.environ if environ is None else environ
    stderr = stderr or sys.stderr
    handlers: list[logging.Handler] = []
    if under_journald(environ, _stat(stderr)):
        handlers.append(JournalHandler(f"textback-{process}", verbose, fallback=stderr))
    else:
        console = logging.StreamHandler(stderr)
        console.setFormatter(CustomerTextFormatter(FILE_FORMAT, verbose))
        handlers.append(console)
    if environ.get("TEXTBACK_LOG_DIR"):
        handlers.append(_file_handler(Path(environ["TEXTBACK_LOG_DIR"]) / f"{process}.log", verbose))
    root = logging.getLogger()
    for old in root.handlers[:]:
        root.removeHandler(old)
        old.close()
    for handler in handlers:
        root.addHandler(handler)
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    # APScheduler logs every run of the pipeline poll (every 15 s) at INFO: only its problems matter.
    logging.getLogger("apscheduler.executors").setLevel(logging.DEBUG if verbose else logging.WARNING)
    return handlers


def _file_handler(path: Path, verbose: bool) -> logging.Handler:
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=ROTATE_BYTES, backupCount=ROTATE_KEEP,
                                                   encoding="utf-8")
    handler.setFormatter(CustomerTextFormatter(FILE_FORMAT, verbose))
    return handler


def _stat(stream: Any) -> os.stat_result | None:
    try:
        return os.fstat(stream.fileno())
    except (AttributeError, OSError, ValueError):
        return None
