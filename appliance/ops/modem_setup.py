"""Finding the USB modem at install time, and the udev rule that gives it a stable name.

    python -m appliance.ops.modem_setup detect            # what install.sh would use, and why
    python -m appliance.ops.modem_setup rule [PORT]       # print the udev rule for PORT (or the detected one)

Detection reads /dev/serial/by-id (one link per serial interface, with udev's view of its
USB vendor, product and interface from `udevadm info`) and lsusb (for sticks that show no
serial port yet: a Huawei in HiLink or storage mode). The rule:

* names the AT interface /dev/textback-modem (group dialout), so the config never holds a
  ttyUSBn that changes with plug order;
* sets ID_MM_DEVICE_IGNORE on every interface of the modem, so ModemManager keeps off it.

The choice of AT interface is a heuristic (interface 02 when the modem has one, as on
Quectel, SIMCom and Huawei sticks; else the first). `textback doctor` proves it answers AT.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

BY_ID = Path("/dev/serial/by-id")
SYMLINK = "textback-modem"
RULE_FILE = "/etc/udev/rules.d/70-textback-modem.rules"

# USB vendor IDs of cellular modem makers (the first 4 hex digits of lsusb's ID).
MODEM_VENDORS = {
    "12d1": "Huawei", "19d2": "ZTE", "1e0e": "SIMCom", "2c7c": "Quectel", "1199": "Sierra Wireless",
    "1bc7": "Telit", "2cb7": "Fibocom", "1546": "u-blox", "05c6": "Qualcomm", "1e2d": "Cinterion",
}
# Huawei product IDs that are not a serial modem (yet).
HUAWEI_HILINK = {"14db", "14dc"}          # HiLink: a network card with a web UI, no AT port
HUAWEI_STORAGE = {"1f01"}                 # the virtual CD it boots as; usb_modeswitch switches it


@dataclass(frozen=True)
class SerialPort:
    path: str               # /dev/serial/by-id/usb-...-if02-port0
    vendor: str             # ID_VENDOR_ID, 4 hex digits
    product: str            # ID_MODEL_ID
    interface: str          # ID_USB_INTERFACE_NUM, e.g. "02"
    serial: str = ""        # ID_SERIAL_SHORT (to pin one stick when several of a model exist)
    model: str = ""         # ID_MODEL, for people


@dataclass(frozen=True)
class UsbDevice:
    vendor: str
    product: str
    name: str


# -- pure -----------------------------------------------------------------------------------

def parse_udev_properties(text: str) -> dict[str, str]:
    """`udevadm info --query=property` output: KEY=value lines."""
    return dict(line.split("=", 1) for line in text.splitlines() if "=" in line)


def port_from_properties(path: str, props: dict[str, str]) -> SerialPort | None:
    if props.get("ID_BUS") != "usb" or "ID_VENDOR_ID" not in props:
        return None
    return SerialPort(path, props["ID_VENDOR_ID"].lower(), props.get("ID_MODEL_ID", "").lower(),
                      props.get("ID_USB_INTERFACE_NUM", ""), props.get("ID_SERIAL_SHORT", ""),
                      props.get("ID_MODEL", ""))


def parse_lsusb(text: str) -> list[UsbDevice]:
    """`lsusb` lines: 'Bus 001 Device 004: ID 12d1:1506 Huawei Technologies Co., Ltd. Modem'."""
    devices = []
    for line in text.splitlines():
        _, found, rest = line.partition(" ID ")
        if not found or ":" not in rest[:9]:
            continue
        ids, _, name = rest.partition(" ")
        vendor, _, product = ids.partition(":")
        devices.append(UsbDevice(vendor.lower(), product.lower(), name.strip()))
    return devices


def choose_port(ports: list[SerialPort]) -> SerialPort | None:
    """The AT interface of the first known modem: interface 02 if it has one, else its first."""
    modems = [port for port in ports if port.vendor in MODEM_VENDORS]
    if not modems:
        return None
    first = modems[0]
    same_device = [p for p in modems if (p.vendor, p.product, p.serial) == (first.vendor, first.product, first.serial)]
    by_interface = sorted(same_device, key=lambda p: p.interface)
    return next((p for p in by_interface if p.interface == "02"), by_interface[0])


def huawei_modes(devices: list[UsbDevice]) -> list[tuple[UsbDevice, str]]:
    """Huawei sticks that are not in serial-modem mode: ('hilink' | 'storage')."""
    found = []
    for device in devices:
        if device.vendor == "12d1" and device.product in HUAWEI_HILINK:
            found.append((device, "hilink"))
        elif device.vendor == "12d1" and device.product in HUAWEI_STORAGE:
            found.append((device, "storage"))
    return found


def render_rule(port: SerialPort) -> str:
    for value in (port.vendor, port.product, port.interface, port.serial):
        if any(ch in value for ch in '"\n\\'):
            raise ValueError(f"unexpected character in udev value {value!r}")
    device = f'ATTRS{{idVendor}}=="{port.vendor}", ATTRS{{idProduct}}=="{port.product}"'
    if port.serial:
        device += f', ATTRS{{serial}}=="{port.serial}"'
    interface = f', ENV{{ID_USB_INTERFACE_NUM}}=="{port.interface}"' if port.interface else ""
    return (
        f"# textback: the GSM modem {port.model or MODEM_VENDORS.get(port.vendor, '')} "
        f"({port.vendor}:{port.product}), written by install.sh; re-run it after changing modems.\n"
        "# ModemManager must leave every interface of the modem alone.\n"
        f'ACTION=="add|change", SUBSYSTEMS=="usb", {device}, ENV{{ID_MM_DEVICE_IGNORE}}="1"\n'
        f"# The AT interface as /dev/{SYMLINK}, for the dialout group (the textback user is in it).\n"
        f'ACTION=="add|change", SUBSYSTEM=="tty", {device}{interface}, '
        f'SYMLINK+="{SYMLINK}", GROUP="dialout", MODE="0660"\n'
    )


# -- I/O ------------------------------------------------------------------------------------

def udev_port(path: Path) -> SerialPort | None:
    try:
        output = subprocess.run(["udevadm", "info", "--query=property", f"--name={path}"],
                                capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.TimeoutExpired):
        return None
    return port_from_properties(str(path), parse_udev_properties(output))


def serial_ports() -> list[SerialPort]:
    if not BY_ID.is_dir():
        return []
    found = (udev_port(link) for link in sorted(BY_ID.iterdir()))
    return [port for port in found if port is not None]


def usb_devices() -> list[UsbDevice]:
    try:
        return parse_lsusb(subprocess.run(["lsusb"], capture_output=True, text=True, timeout=10).stdout)
    except (OSError, subprocess.TimeoutExpired):
        return []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m appliance.ops.modem_setup")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("detect", help="print the modem's AT port, or why none was found")
    rule = commands.add_parser("rule", help="print the udev rule for PORT (default: the detected modem)")
    rule.add_argument("port", nargs="?")
    commands.add_parser("huawei", help="print Huawei sticks not in modem mode: VENDOR PRODUCT MODE")
    args = parser.parse_args(argv)

    if args.command == "huawei":
        for device, mode in huawei_modes(usb_devices()):
            print(device.vendor, device.product, mode)
        return 0
    port = udev_port(Path(args.port)) if getattr(args, "port", None) else choose_port(serial_ports())
    if port is None:
        print("no USB modem found" if args.command == "detect" else f"{args.port} is not a USB serial port",
              file=sys.stderr)
        return 1
    print(port.path if args.command == "detect" else render_rule(port), end="\n" if args.command == "detect" else "")
    return 0


if __name__ == "__main__":
    sys.exit(main())
