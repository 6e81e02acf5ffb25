"""Read `.ami` transcripts: recorded AMI event streams, one event per block.

The format (see tests/fixtures/ami/README.md): lines starting with ';' are
comments, blocks are separated by a blank line, lines end in LF. Used by the
classifier's tests and by the simulated PBX, which replays a transcript.
"""

from __future__ import annotations

from pathlib import Path

from appliance.telephony.wire import AmiFormatError, AmiMessage, parse_message


def parse_transcript(text: str) -> list[AmiMessage]:
    """Transcript text -> events in order. Raises AmiFormatError naming the block."""
    lines = [line for line in text.replace("\r\n", "\n").split("\n") if not line.startswith(";")]
    events = []
    for number, block in enumerate("\n".join(lines).split("\n\n"), start=1):
        if not block.strip():
            continue
        try:
            event = parse_message(block)
        except AmiFormatError as error:
            raise AmiFormatError(f"block {number}: {error}") from None
        if "Event" not in event:
            raise AmiFormatError(f"block {number} has no 'Event' line")
        events.append(event)
    return events


def read_transcript(path: Path) -> list[AmiMessage]:
    return parse_transcript(path.read_text(encoding="utf-8"))


def format_transcript(events: list[AmiMessage], description: list[str]) -> str:
    """Events -> transcript text, with the description as ';' lines on top."""
    header = "".join(f"; {line}\n" for line in description)
    blocks = ["\n".join(f"{key}: {value}" for key, value in event.items()) for event in events]
    return header + "\n" + "\n\n".join(blocks) + "\n"
