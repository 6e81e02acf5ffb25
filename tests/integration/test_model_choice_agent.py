"""The model chosen on the admin page is the one the agent loads at its next start."""

from __future__ import annotations

import shutil
from datetime import datetime, timezone

import pytest

from appliance.store import settings
from appliance.store.db import connect, transaction
from tests.integration.agent_rig import AgentRig, rig_for

pytestmark = pytest.mark.asterisk


def loaded_model(rig: AgentRig) -> str:
    rig.wait_until(lambda: (rig.health("model") or {}).get("state") == "loaded", 240, "the model to load")
    return rig.health("model")["model"]


def test_a_gguf_chosen_on_the_settings_page_is_loaded_after_a_restart(asterisk, modem, tmp_path):
    rig = rig_for(asterisk, modem, tmp_path).start()
    try:
        bundled = loaded_model(rig)
        models = tmp_path / "models"          # the bundled model was placed here at first start
        shutil.copy(models / bundled, models / "shop-choice.gguf")
        db = connect(rig.database)
        with transaction(db):   # what the Settings page's "Save the model choice" writes
            settings.put(db, datetime.now(timezone.utc), "brain.model", "shop-choice.gguf", "owner")
        db.conn.close()
        rig.stop()
        rig.start()
        rig.wait_until(lambda: (rig.health("model") or {}).get("model") == "shop-choice.gguf", 240,
                       "the agent to report the chosen model loaded")
        assert rig.health("model")["state"] == "loaded"
    finally:
        rig.stop()
