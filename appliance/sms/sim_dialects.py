"""How the simulated modems differ: the quirks the driver must cope with, one value per modem.

The values follow the shapes the vendors' AT manuals show (boot messages, storages, slot
numbering, ^RSSI chatter), but the strings were written for the simulator, not captured
from units. Where units differ by firmware, the choice is the one that exercises the driver
(one dialect with echo off by default, one whose CMGS prompt has no leading CR LF, one
that only routes status reports to storage, one registered on LTE only).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Dialect:
    name: str
    ati: tuple[str, ...]                 # lines answering ATI
    boot_urcs: tuple[str, ...]           # printed once the modem has booted
    echo_default: bool                   # ATE1 after boot
    prompt: bytes                        # what AT+CMGS=<n> answers before the PDU
    storage: str                         # where new messages go (mem1..mem3 after boot)
    capacity: int
    first_index: int                     # SIM800 numbers slots from 1, Quectel from 0
    cnmi_ds: frozenset[int]              # status report routing it accepts: 1 = +CDS, 2 = +CDSI
    has_cereg: bool                      # answers AT+CEREG? (LTE)
    lte_only_attach: bool                # CREG says 0 while CEREG says registered
    csq_ber: int                         # second value of +CSQ
    cops_act: str                        # trailing ",<AcT>" of +COPS? ('' for none)
    noise: tuple[str, ...] = ()          # periodic unsolicited chatter (Huawei ^RSSI ...)


QUECTEL_EC25 = Dialect(
    name="ec25",
    ati=("Quectel", "EC25", "Revision: EC25AFFAR07A14M4G"),
    boot_urcs=("RDY", "+CFUN: 1", "+CPIN: READY", "+QUSIM: 1", "+QIND: SMS DONE", "+QIND: PB DONE"),
    echo_default=True,
    prompt=b"\r\n> ",
    storage="ME",
    capacity=255,
    first_index=0,
    cnmi_ds=frozenset({0, 1, 2}),
    has_cereg=True,
    lte_only_attach=True,
    csq_ber=99,
    cops_act=",7",
)

SIM800 = Dialect(
    name="sim800",
    ati=("SIM800 R14.18",),
    boot_urcs=("RDY", "+CFUN: 1", "+CPIN: READY", "Call Ready", "SMS Ready"),
    echo_default=True,
    prompt=b"\r\n> ",
    storage="SM",
    capacity=30,
    first_index=1,
    cnmi_ds=frozenset({0, 1}),
    has_cereg=False,
    lte_only_attach=False,
    csq_ber=0,
    cops_act="",
)

HUAWEI_STICK = Dialect(
    name="huawei",
    ati=("Manufacturer: huawei", "Model: E173", "Revision: 11.126.85.00.209",
         "IMEI: 353142041234567", "+GCAP: +CGSM,+DS,+ES"),
    boot_urcs=("^SIMST: 1", "^SRVST: 2", "^MODE: 5,4"),
    echo_default=False,
    prompt=b"> ",
    storage="SM",
    capacity=50,
    first_index=0,
    cnmi_ds=frozenset({0, 2}),
    has_cereg=False,
    lte_only_attach=False,
    csq_ber=99,
    cops_act=",2",
    noise=("^RSSI: 17", "^MODE: 5,4", "^DSFLOWRPT: 0000001A,00000000,00000000,0000000000000000,"
           "0000000000000000,0003E800,0003E800", "^RSSI: 18", "^HCSQ: \"WCDMA\",43,40,50"),
)

DIALECTS: dict[str, Dialect] = {d.name: d for d in (QUECTEL_EC25, SIM800, HUAWEI_STICK)}
