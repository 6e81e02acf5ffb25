"""Doctor: the machine around textback: free disk, a synchronised clock, the web's bind address."""

from __future__ import annotations

import ctypes
import ipaddress
import shutil
import struct
from dataclasses import dataclass
from pathlib import Path

from appliance.ops.report import Check, failed, passed

GIB = 1024 ** 3
MIN_FREE_BYTES = GIB
TIME_ERROR = 5          # adjtimex() return value: the kernel's clock is not synchronised
STA_UNSYNC = 0x0040
MAX_ERROR_MICROSECONDS = 16_000_000   # what systemd's timedatectl also treats as unsynchronised


# -- free disk ------------------------------------------------------------------------------

def judge_disk(folder: Path, free: int, total: int, database_size: int) -> Check:
    """Room for the database to grow and for a backup of it (plus the next one), at least 1 GiB."""
    needed = max(MIN_FREE_BYTES, 3 * database_size)
    detail = f"{free / GIB:.1f} GiB free of {total / GIB:.1f} GiB on {folder}"
    if free >= needed:
        return passed("free disk", detail)
    return failed("free disk", f"{detail}; textback needs {needed / GIB:.1f} GiB",
                  f"free space on the disk holding {folder}: old files in {folder / 'backups'} "
                  "(textback keeps 14), journal logs (journalctl --vacuum-size=200M)")


def check_disk(data_dir: Path, database: Path) -> Check:
    usage = shutil.disk_usage(data_dir if data_dir.exists() else data_dir.parent)
    size = database.stat().st_size if database.exists() else 0
    return judge_disk(data_dir, usage.free, usage.total, size)


# -- clock ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class KernelClock:
    state: int           # adjtimex() return value
    status: int          # timex.status flags
    max_error_us: int    # timex.maxerror


def judge_clock(clock: KernelClock) -> Check:
    synced = (clock.state != TIME_ERROR and not clock.status & STA_UNSYNC
              and clock.max_error_us < MAX_ERROR_MICROSECONDS)
    if synced:
        return passed("clock sync", f"synchronised (maximum error {clock.max_error_us / 1000:.0f} ms)")
    return failed("clock sync", "the system clock is not synchronised to a time server",
                  "turn on time sync: timedatectl set-ntp true (or install chrony or systemd-timesyncd); "
                  "quiet hours and appointment times depend on the clock")


def read_kernel_clock() -> KernelClock:
    """adjtimex(2) with no changes: what the kernel knows about its clock (timedatectl asks the same)."""
    libc = ctypes.CDLL(None, use_errno=True)
    buffer = ctypes.create_string_buffer(256)   # struct timex is 208 bytes on x86_64
    state = libc.adjtimex(buffer)
    _offset, _freq, max_error, _est_error = struct.unpack_from("qqqq", buffer, 8)
    (status,) = struct.unpack_from("i", buffer, 40)
    return KernelClock(state, status, max_error)


# -- web bind address -----------------------------------------------------------------------

def judge_web_bind(bind: str, port: int, local: list[str], allow_all_interfaces: bool = False) -> Check:
    """Where the admin page listens, against the machine's own addresses."""
    name = "web bind address"
    try:
        address = ipaddress.ip_address(bind)
    except ValueError:
        return failed(name, f"web.bind = {bind!r} is not an IP address",
                      "set web.bind to this machine's LAN address (e.g. 192.168.1.20) or 127.0.0.1")
    if address.is_loopback:
        return passed(name, f"{bind}:{port}: only this machine can open the admin page "
                            f"(from another: ssh -L {port}:127.0.0.1:{port} this-box)")
    public = [a for a in local if ipaddress.ip_address(a).is_global]
    if address.is_unspecified:
        if not allow_all_interfaces:
            return failed(name, f"{bind} means every address, and the web refuses it unless told so",
                          "set web.bind to this machine's LAN address (or web.allow_all_interfaces = true)")
        if public:
            return failed(name, f"{bind}:{port} listens on every address, including public {', '.join(public)}",
                          "set web.bind to the LAN address only, so the admin page is not on the internet")
        return passed(name, f"{bind}:{port}: every address of this machine, all private ({', '.join(local)})")
    if bind not in local:
        return failed(name, f"{bind} is not an address of this machine (now: {', '.join(local) or 'none'})",
                      "set web.bind to one of this machine's addresses; reserve it in the router's DHCP "
                      "so it stays the same")
    if address.is_global:
        return failed(name, f"{bind} is a public address: the admin page would be on the internet",
                      "set web.bind to a private LAN address, or 127.0.0.1 and use an SSH tunnel")
    return passed(name, f"http://{bind}:{port}/ (a private LAN address of this machine)")


def parse_fib_trie(text: str) -> list[str]:
    """IPv4 addresses of this machine from /proc/net/fib_trie (the '/32 host LOCAL' leaves)."""
    found: list[str] = []
    last = None
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("|-- "):
            last = stripped[4:]
        elif stripped == "/32 host LOCAL" and last and last not in found:
            found.append(last)
    return found


def parse_if_inet6(text: str) -> list[str]:
    """IPv6 addresses of this machine from /proc/net/if_inet6."""
    found = []
    for line in text.splitlines():
        fields = line.split()
        if fields and len(fields[0]) == 32:
            found.append(str(ipaddress.IPv6Address(bytes.fromhex(fields[0]))))
    return found


def local_addresses() -> list[str]:
    found = []
    for path, parse in ((Path("/proc/net/fib_trie"), parse_fib_trie), (Path("/proc/net/if_inet6"), parse_if_inet6)):
        try:
            found += parse(path.read_text())
        except OSError:
            continue
    return found
