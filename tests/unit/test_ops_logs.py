"""Logs: journald's native protocol over a real socket, rotated files, no customer text at INFO."""

from __future__ import annotations

import io
import logging
import os
import socket
import struct
from pathlib import Path

import pytest

from appliance.ops import logs
from appliance.ops.logs import JournalHandler, encode_journal, setup_logging, under_journald

BODY = "my water heater is leaking at 12 Elm St, call Dana"


def decode_journal(datagram: bytes) -> dict[str, str]:
    """The receiving side of journald's native protocol, as systemd-journald parses it."""
    fields, data = {}, datagram
    while data:
        line, _, rest = data.partition(b"\n")
        if b"=" in line:
            key, _, value = line.partition(b"=")
            fields[key.decode()] = value.decode()
            data = rest
        else:
            (size,) = struct.unpack("<Q", rest[:8])
            fields[line.decode()] = rest[8:8 + size].decode()
            data = rest[8 + size + 1:]
    return fields


@pytest.fixture(autouse=True)
def restore_root_logger():
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    for handler in root.handlers[:]:
        root.removeHandler(handler)
        if handler not in handlers:
            handler.close()
    for handler in handlers:
        root.addHandler(handler)
    root.setLevel(level)


def test_encoding_round_trips_including_multiline_values():
    fields = {"MESSAGE": "line one\nline two", "PRIORITY": "6", "LOGGER": "appliance.agent"}
    assert decode_journal(encode_journal(fields)) == fields


def test_journald_is_used_only_when_stderr_is_the_stream_systemd_gave(tmp_path):
    with open(tmp_path / "f", "w") as stream:
        info = os.fstat(stream.fileno())
        assert under_journald({"JOURNAL_STREAM": f"{info.st_dev}:{info.st_ino}"}, info)
        assert not under_journald({"JOURNAL_STREAM": f"{info.st_dev}:{info.st_ino + 1}"}, info)
        assert not under_journald({}, info)
        assert not under_journald({"JOURNAL_STREAM": "garbage"}, info)


def journal_listener(tmp_path: Path) -> socket.socket:
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    listener.bind(str(tmp_path / "journal"))
    listener.settimeout(2)
    return listener


def test_structured_records_reach_journald(tmp_path):
    listener = journal_listener(tmp_path)
    handler = JournalHandler("textback-agent", show_customer_text=False, address=str(tmp_path / "journal"))
    log = logging.getLogger("appliance.test")
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    try:
        log.warning("missed call %s", "1700.1", extra={"fields": {"linkedid": "1700.1"}})
        try:
            raise ValueError("boom")
        except ValueError:
            log.exception("it broke")
    finally:
        log.removeHandler(handler)
        handler.close()
    first = decode_journal(listener.recv(65536))
    second = decode_journal(listener.recv(65536))
    listener.close()
    assert first["MESSAGE"] == "missed call 1700.1"
    assert first["PRIORITY"] == "4" and first["SYSLOG_IDENTIFIER"] == "textback-agent"
    assert first["LOGGER"] == "appliance.test" and first["TEXTBACK_LINKEDID"] == "1700.1"
    assert first["CODE_FILE"].endswith("test_ops_logs.py") and first["CODE_LINE"].isdigit()
    assert second["PRIORITY"] == "3" and "ValueError: boom" in second["MESSAGE"]


def test_customer_text_is_kept_out_at_info_and_shown_at_debug(tmp_path):
    listener = journal_listener(tmp_path)
    for verbose in (False, True):
        handler = JournalHandler("textback-agent", show_customer_text=verbose, address=str(tmp_path / "journal"))
        log = logging.getLogger("appliance.test.body")
        log.addHandler(handler)
        log.info("text from %s", "+15125550123", extra={"customer_text": BODY})
        log.removeHandler(handler)
        handler.close()
        message = decode_journal(listener.recv(65536))["MESSAGE"]
        if verbose:
            assert BODY in message
        else:
            assert BODY not in message and "Elm" not in message
            assert message == f"text from +15125550123 [{len(BODY)} characters, shown only with debug logging]"
    listener.close()


def test_without_journald_lines_go_to_stderr_and_a_rotated_file(tmp_path, monkeypatch):
    monkeypatch.setattr(logs, "ROTATE_BYTES", 2000)
    stderr = io.StringIO()
    setup_logging("agent", verbose=False, environ={"TEXTBACK_LOG_DIR": str(tmp_path / "logs")}, stderr=stderr)
    log = logging.getLogger("appliance.test.files")
    log.debug("debug is off")
    for n in range(200):
        log.info("line %d", n, extra={"customer_text": BODY})
    files = sorted(p.name for p in (tmp_path / "logs").iterdir())
    assert files == ["agent.log", *(f"agent.log.{n}" for n in range(1, logs.ROTATE_KEEP + 1))]
    assert all(p.stat().st_size <= 2000 for p in (tmp_path / "logs").iterdir())
    newest = (tmp_path / "logs" / "agent.log").read_text()
    assert "line 199" in newest and "INFO appliance.test.files" in newest
    everything = stderr.getvalue() + "".join(p.read_text() for p in (tmp_path / "logs").iterdir())
    assert BODY not in everything and "debug is off" not in everything


def test_under_journald_the_handler_is_the_journal(tmp_path):
    with open(tmp_path / "stderr", "w") as stream:
        info = os.fstat(stream.fileno())
        handlers = setup_logging("web", environ={"JOURNAL_STREAM": f"{info.st_dev}:{info.st_ino}"}, stderr=stream)
    assert [type(h) for h in handlers] == [JournalHandler]
    assert handlers[0].identifier == "textback-web"


def test_the_schedulers_every_poll_stays_out_of_the_log_but_its_errors_do_not():
    stderr = io.StringIO()
    setup_logging("agent", verbose=False, environ={}, stderr=stderr)
    executor = logging.getLogger("apscheduler.executors.default")
    executor.info('Job "Agent._poll_pipeline" executed successfully')
    executor.error('Job "Agent._poll_pipeline" raised an exception')
    assert "executed successfully" not in stderr.getvalue()
    assert "raised an exception" in stderr.getvalue()
