"""Finding the modem's AT port at install time, and the udev rule that names it."""

from __future__ import annotations

import pytest

from appliance.ops.modem_setup import (SerialPort, UsbDevice, choose_port, huawei_modes, parse_lsusb,
                                       parse_udev_properties, port_from_properties, render_rule)

# `udevadm info --query=property` for the AT port of a Quectel EC25 (trimmed).
EC25_IF02 = """\
DEVPATH=/devices/pci0000:00/0000:00:14.0/usb1/1-2/1-2:1.2/ttyUSB2/tty/ttyUSB2
DEVNAME=/dev/ttyUSB2
MAJOR=188
MINOR=2
SUBSYSTEM=tty
ID_BUS=usb
ID_VENDOR_ID=2c7c
ID_MODEL_ID=0125
ID_MODEL=EG25-G
ID_SERIAL=Quectel_EG25-G
ID_USB_INTERFACE_NUM=02
ID_USB_DRIVER=option
ID_PATH=pci-0000:00:14.0-usb-0:2:1.2
DEVLINKS=/dev/serial/by-id/usb-Quectel_EG25-G-if02-port0 /dev/serial/by-path/pci-0000:00:14.0-usb-0:2:1.2-port0
"""

LSUSB = """\
Bus 002 Device 001: ID 1d6b:0003 Linux Foundation 3.0 root hub
Bus 001 Device 004: ID 12d1:14dc Huawei Technologies Co., Ltd. E33372 LTE/UMTS/GSM HiLink Modem/Networkcard
Bus 001 Device 005: ID 12d1:1f01 Huawei Technologies Co., Ltd. E353/E3131 (Mass storage mode)
Bus 001 Device 003: ID 2c7c:0125 Quectel Wireless Solutions Co., Ltd. EC25 LTE modem
"""


def quectel(interface: str) -> SerialPort:
    return SerialPort(f"/dev/serial/by-id/usb-Quectel_EG25-G-if{interface}-port0", "2c7c", "0125", interface,
                      "", "EG25-G")


def test_udev_properties_describe_the_port():
    port = port_from_properties("/dev/serial/by-id/usb-Quectel_EG25-G-if02-port0", parse_udev_properties(EC25_IF02))
    assert port == quectel("02")
    assert port_from_properties("/dev/ttyS0", {"DEVNAME": "/dev/ttyS0"}) is None   # not USB


def test_the_at_interface_of_a_known_modem_is_chosen():
    assert choose_port([quectel(n) for n in ("00", "01", "02", "03")]) == quectel("02")
    single = SerialPort("/dev/serial/by-id/usb-u-blox-if00", "1546", "1141", "00")
    assert choose_port([single]) == single
    ftdi = SerialPort("/dev/serial/by-id/usb-FTDI_FT232R-if00-port0", "0403", "6001", "00")
    assert choose_port([ftdi]) is None                     # a USB-serial cable: cannot tell, ask
    assert choose_port([ftdi, quectel("02")]) == quectel("02")


def test_lsusb_and_huawei_modes():
    devices = parse_lsusb(LSUSB)
    assert devices[1] == UsbDevice("12d1", "14dc", "Huawei Technologies Co., Ltd. E33372 LTE/UMTS/GSM HiLink Modem/Networkcard")
    assert [(d.product, mode) for d, mode in huawei_modes(devices)] == [("14dc", "hilink"), ("1f01", "storage")]


def test_the_rule_names_the_at_port_and_hides_the_modem_from_modemmanager():
    rule = render_rule(SerialPort("/dev/serial/by-id/x", "2c7c", "0125", "02", "0123456789", "EG25-G"))
    lines = [line for line in rule.splitlines() if not line.startswith("#")]
    assert lines == [
        'ACTION=="add|change", SUBSYSTEMS=="usb", ATTRS{idVendor}=="2c7c", ATTRS{idProduct}=="0125", '
        'ATTRS{serial}=="0123456789", ENV{ID_MM_DEVICE_IGNORE}="1"',
        'ACTION=="add|change", SUBSYSTEM=="tty", ATTRS{idVendor}=="2c7c", ATTRS{idProduct}=="0125", '
        'ATTRS{serial}=="0123456789", ENV{ID_USB_INTERFACE_NUM}=="02", SYMLINK+="textback-modem", '
        'GROUP="dialout", MODE="0660"',
    ]
    with pytest.raises(ValueError):
        render_rule(SerialPort("/dev/x", "2c7c", "0125", "02", 'evil", RUN+="/bin/sh'))
