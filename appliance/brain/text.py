"""Text helpers shared by the rule modules: folding, sentence splitting, truncation."""
from __future__ import annotations

import re
import unicodedata

MAX_INBOUND_CHARS = 600  # longer texts are cut before any rule or model sees them

_SENTENCE_END = re.compile(r"(?<=[.!?¡¿\n])\s+|\n+")


def fold(text: str) -> str:
    """Lower-case, strip accents and turn curly quotes straight: 'Cuándo' -> 'cuando'."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def words(text: str) -> list[str]:
    """Folded word tokens; apostrophes kept inside words so "don't" stays one token."""
    return re.findall(r"[a-z0-9]+(?:'[a-z]+)?", fold(text))


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s and s.strip()]


def truncate(text: str, limit: int = MAX_INBOUND_CHARS) -> str:
    """Cut an inbound text to `limit` characters at a word boundary where one is near."""
    text = text.strip()
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ")
    return cut[:space] if space > limit * 0.8 else cut


def is_spanish(text: str) -> bool:
    """A cheap language guess: enough Spanish function words to answer in Spanish."""
    spanish = {"el", "la", "los", "las", "de", "que", "no", "por", "favor", "hola", "gracias", "es",
               "esta", "mi", "en", "se", "una", "un", "para", "con", "cuando", "pueden", "buenas",
               "soy", "llamo", "tengo", "hay", "agua", "casa", "mas", "mensajes", "estamos", "muy"}
    english = {"the", "is", "my", "and", "to", "it", "in", "a", "on", "for", "you", "can", "i",
               "we", "our", "this", "hi", "hey", "please", "not", "with", "at", "of"}
    tokens = words(text)
    es = sum(t in spanish for t in tokens)
    en = sum(t in english for t in tokens)
    return es >= 2 and es > en
