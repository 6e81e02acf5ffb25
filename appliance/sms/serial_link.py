"""The serial port, as a stream of AT tokens with deadlines. The driver's thin I/O shell.

Any failure of the port itself (path missing, EIO after a USB unplug, another program
holding it) becomes PortGone, so the driver has one thing to recover from.
"""

from __future__ import annotations

import select
import time
from collections import deque

import serial

from appliance.sms.at import LineReader, Token
from appliance.sms.errors import PortGone


class SerialLink:
    def __init__(self, port: str, baudrate: int) -> None:
        self.port = port
        self._baudrate = baudrate
        self._serial: serial.Serial | None = None
        self._reader = LineReader()
        self._tokens: deque[Token] = deque()

    @property
    def is_open(self) -> bool:
        return self._serial is not None

    def open(self) -> None:
        self.close()
        try:
            # exclusive: a second textback, or ModemManager, must not read our replies.
            self._serial = serial.Serial(self.port, self._baudrate, timeout=0, exclusive=True)
        except (serial.SerialException, OSError) as error:
            raise PortGone(self.port, _reason(error)) from error
        self._reader = LineReader()
        self._tokens.clear()

    def close(self) -> None:
        if self._serial is not None:
            try:
                self._serial.close()
            except (serial.SerialException, OSError):
                pass  # the device is already gone; the descriptor is released either way
            self._serial = None

    def write(self, data: bytes) -> None:
        port = self._require_open()
        try:
            port.write(data)
            port.flush()
        except (serial.SerialException, OSError) as error:
            raise PortGone(self.port, _reason(error)) from error

    def next_token(self, deadline: float) -> Token | None:
        """The next line or prompt, waiting until ``deadline`` (time.monotonic()); None if none came."""
        while not self._tokens:
            remaining = deadline - time.monotonic()
            self._receive(max(0.0, remaining))
            if remaining <= 0 and not self._tokens:
                return None
        return self._tokens.popleft()

    def _receive(self, wait: float) -> None:
        """Read what arrives within ``wait`` seconds into the token queue."""
        port = self._require_open()
        try:
            ready, _, _ = select.select([port.fileno()], [], [], wait)
            if not ready:
                return
            data = port.read(port.in_waiting or 1)
        except (serial.SerialException, OSError, ValueError) as error:
            # ValueError: select() on a descriptor that was closed under us.
            raise PortGone(self.port, _reason(error)) from error
        self._tokens.extend(self._reader.feed(data))

    def _require_open(self) -> serial.Serial:
        if self._serial is None:
            raise PortGone(self.port, "not open")
        return self._serial


def _reason(error: Exception) -> str:
    text = str(error)
    if "No such file" in text:
        return "the device path does not exist; is the USB cable plugged in?"
    if "exclusively lock" in text or "Resource temporarily unavailable" in text:
        return "another program is using the port (ModemManager? a second textback?)"
    if "Input/output error" in text or "returned no data" in text:
        return "the device went away (USB cable pulled, or the modem is restarting)"
    return text or type(error).__name__
