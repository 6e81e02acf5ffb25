"""The AMI wire format: messages of "Key: Value" lines ending in a blank line.

Pure text in, plain dicts out. Used by the transcript reader, the simulated
PBX (server side) and the test harness (client side). The live client lets
panoramisk do its own parsing and converts its messages with `as_plain_dict`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

EOL = "\r\n"
END_OF_MESSAGE = EOL + EOL

AmiMessage = dict[str, str]


class AmiFormatError(ValueError):
    """A block of text that is not an AMI message."""


def parse_message(block: str) -> AmiMessage:
    """One message's lines (CRLF or LF) -> {key: value}.

    A key that repeats (ChanVariable, Variable) keeps its first value, so the
    result is always str -> str. A value may be empty ("AccountCode: ").
    """
    message: AmiMessage = {}
    for number, line in enumerate(block.replace("\r\n", "\n").split("\n"), start=1):
        if not line.strip():
            continue
        key, colon, value = line.partition(":")
        if not colon or not key.strip() or key != key.strip():
            raise AmiFormatError(f"line {number} is not 'Key: Value': {line!r}")
        message.setdefault(key, value.removeprefix(" "))
    return message


def format_message(fields: Mapping[str, str] | Iterable[tuple[str, str]]) -> str:
    """{key: value} (or pairs, to repeat a key) -> wire text with the blank line."""
    pairs = fields.items() if isinstance(fields, Mapping) else fields
    lines = []
    for key, value in pairs:
        if "\r" in value or "\n" in value:
            # A line break in a value would forge the next header.
            raise AmiFormatError(f"value of {key!r} holds a line break")
        lines.append(f"{key}: {value}")
    return EOL.join(lines) + END_OF_MESSAGE


def variable_header(name: str, value: str) -> str:
    """The value of one Originate `Variable:` header.

    Asterisk splits a Variable header on commas (several variables may share
    one), so a value holding commas is quoted; the quotes do not reach the
    channel.
    """
    if '"' in value:
        raise AmiFormatError(f"value of {name!r} holds a double quote")
    return f'{name}="{value}"' if "," in value else f"{name}={value}"


def split_messages(buffer: str) -> tuple[list[str], str]:
    """Cut complete messages off a receive buffer: (blocks, unfinished rest)."""
    *blocks, rest = buffer.split(END_OF_MESSAGE)
    return [block for block in blocks if block.strip()], rest
