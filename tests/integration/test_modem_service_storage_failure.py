"""A database that cannot take a text (disk full) must not kill the modem thread or lose the
text: it stays on the SIM and is stored once the database can take it again."""

import sqlite3
import time

from appliance.sms.modem import Modem
from appliance.sms.modem_service import ModemService
from appliance.sms.simulator import ModemSimulator


def test_a_full_disk_leaves_the_text_on_the_sim_until_it_can_be_stored(tmp_path):
    stored, disk_full = [], [True]

    def store_part(part):
        if disk_full[0]:
            raise sqlite3.OperationalError("database or disk is full")
        stored.append(part)
        return True

    with ModemSimulator(tmp_path, "ec25") as simulator:
        service = ModemService(
            lambda: Modem(str(simulator.path)),
            store_part=store_part, on_parts_stored=lambda: None, on_status_report=lambda report: None,
            on_unreadable=lambda unreadable: None, on_health=lambda reading: None)
        service.start()
        try:
            deadline = time.monotonic() + 20
            while not service.is_ready() and time.monotonic() < deadline:
                time.sleep(0.05)
            simulator.inject_sms("+15125550123", "my basement is flooding")
            time.sleep(2)
            assert stored == [] and len(simulator.stored()) == 1, "kept on the SIM while the disk is full"
            assert service.is_ready(), "the modem thread carries on"
            disk_full[0] = False
            deadline = time.monotonic() + 20
            while not stored and time.monotonic() < deadline:
                time.sleep(0.05)
            assert [part.body for part in stored] == ["my basement is flooding"]
            time.sleep(0.5)
            assert simulator.stored() == {}, "deleted from the SIM only once stored"
        finally:
            service.stop()
