"""Compliance keywords, decided before any model sees a text.

Opt-out must never be missed, so the rules err toward it, but only where the words
are about *our texts*: "can you stop by tomorrow" or "the leak won't stop" are not
revocations. Pure functions over plain strings.
"""
from __future__ import annotations

import enum
import re

from .text import fold, sentences

OPT_OUT_KEYWORDS = {"stop", "stopall", "unsubscribe", "cancel", "end", "quit", "revoke", "optout", "remove", "no more",
                    "opt out", "stop all", "alto", "para", "parar", "baja", "cancelar"}
RESUBSCRIBE_KEYWORDS = {"start", "unstop", "subscribe", "resume"}
HELP_KEYWORDS = {"help", "info", "ayuda"}
# Words that may ride along a bare keyword without changing its meaning ("STOP please").
_COURTESY = {"please", "pls", "plz", "now", "thanks", "thank you", "thx", "ok", "okay", "por favor",
             "gracias", "already", "ya", "it", "asap", "immediately", "and"}

_TEXTING = r"(?:text(?:ing|s)?|call(?:ing|s)?|messag(?:e|es|ing)|send(?:ing)?(?: me)?(?: (?:texts|messages))?|contact(?:ing)?|spam(?:ming)?|bug(?:ging)?|msg(?:s|ing)?|sms|writing)"
_FILLER = r"(?: (?:please|pls|all|these|those|the|your|with|fucking|freaking|ever|again|ur|u|you))*"
_REVOCATIONS = [
    # stop / quit / cease texting me
    rf"\b(?:stop|quit|cease|end|halt)\b{_FILLER} {_TEXTING}\b(?! back| for (?:heat|cool|air))",
    # don't text me / do not contact me again / never message me
    rf"\b(?:do ?n'?t|do not|dont|never|no longer)\b{_FILLER} {_TEXTING} (?:me|us|this number|my number)\b(?! back)",
    # "please don't message again" / "never text anymore": no object, but a time that ends our texts
    rf"\b(?:do ?n'?t|do not|dont|never)\b{_FILLER} {_TEXTING} (?:again|anymore|any more|ever again|no more)\b(?! (?:until|till|unless|before|after))",
    # "I'd like to stop getting these automated messages"
    rf"\b(?:stop|quit) (?:getting|receiving)(?: \w+){{0,3}} {_TEXTING}\b",
    # take me off / remove me from your list / take my number out of your system
    r"\b(?:take|remove|delete|drop|get)\b (?:me|us|my number|our number|this number|my (?:phone|cell)(?: number)?) (?:off|from)\b",
    r"\b(?:take|remove|delete|get)\b (?:me|us|my number|our number|this number) out of (?:your|the|this) (?:\w+ )?(?:list|system|database|records|contacts)\b",
    # "I do not want these texts" / "don't send more" / "I want off your list"
    rf"\b(?:do ?n'?t|do not|dont|no longer) (?:want|need) (?:these|your|the|any(?: more)?|more|those) {_TEXTING}",
    r"\b(?:do ?n'?t|do not|dont) send (?:me |us )?(?:any )?more\b(?! than)",
    r"\b(?:i|we) want (?:to be )?(?:off|out of|removed from) (?:your|this|the) (?:\w+ )?list\b",
    # "kindly cease all communication" / "quit it with the texts"
    r"\bcease (?:all )?(?:communication|contact)\b|\bstop all contact\b",
    rf"\b(?:quit|stop|enough) (?:it )?with (?:the|your|these) {_TEXTING}",
    r"\b(?:unsubscribe|opt) (?:me|us)\b",
    r"\b(?:remove|delete) (?:me|us|my number|my info|this number)\b",
    r"\bi (?:want|wish|would like|'d like|d like|need) to (?:opt ?out|unsubscribe)\b",
    r"\bi (?:opt ?out|unsubscribe|revoke)\b",
    r"\b(?:lose|delete|forget|erase|scrub|purge) (?:my|our|this) (?:phone |cell )?number\b",
    # "please delete our info from your system" / "erase my details from your records"
    r"\b(?:remove|delete|erase|scrub|purge) (?:our|my) (?:number|info|information|details|contact(?: info)?) (?:from|out of|off)\b",
    # a question is as good as an order: "can you not text me anymore" / "could u quit messaging us"
    rf"\b(?:can|could|would|will) (?:you|u|y'?all|you guys) (?:please |pls )?(?:not|stop|quit) {_TEXTING} (?:me|us|this number|my number)\b",
    # "how can we unsubscribe" / "how do i stop these texts" / "get me off this list"
    r"\bhow (?:do|can|would) (?:i|we) (?:be removed from|unsubscribe|opt ?out)\b",
    r"\bhow (?:do|can) (?:i|we) (?:stop|end|block) (?:these|the|your|all (?:these|the|your)) (?:texts|messages|msgs)\b",
    r"\bget (?:me |us )?off (?:of )?(?:this|your|the) (?:\w+ )?(?:list|texts|messages)\b",
    r"\bleave (?:me|us) alone\b",
    r"\bno more (?:texts|messages|msgs|sms|texting)\b",
    r"\bwrong person,? stop\b",
    # Spanish: no mas mensajes / no me escriban / dejen de mandarme
    r"\bno mas (?:mensajes|textos|msjs?|sms|por favor|gracias)\b",
    r"^\W*no mas\W*$",
    # "no me manden al mismo técnico" sends someone else, not fewer texts
    r"\bno me (?:\w+ )?(?:escrib|contact|text)\w*|\bno me (?:\w+ )?(?:mand|envi)\w*\b(?! (?:a|al|a la|el|la|los|las|otro|otra|un|una|ese|esa|este|esta)\b)",
    # "no me vuelvan a escribir": never again
    r"\bno me vuelva\w* a (?:escribir|mandar|enviar|textear|contactar|llamar)\b",
    # "dejen de mandarme", "pare de mandarme" (and Portuguese "pare de me mandar")
    r"\b(?:dej|par)(?:a|e|en|ar) de (?:me )?(?:escribir|mandar|enviar|textear|contactar|molestar)\w*",
    r"\b(?:darme|dame|denme|quiero darme) de baja\b",
    r"\b(?:borra|borren|quiten|quitar|saquen) (?:mi numero|me de)\b",
    r"\bno quiero (?:recibir )?(?:mas )?(?:mensajes|textos|msjs?)\b",
    r"\b(?:bajame|bajenme|bajeme|sacame|saquenme|saqueme|quitame|quitenme|quiteme|borrame|borrenme|borreme) de (?:la|su|tu|esta|sus) listas?\b",
    # "número equivocado, bórrenme": "delete me" needs no list to mean it
    r"\b(?:borrenme|borrame|eliminenme|eliminame|quitenme|saquenme|bajenme)\b|\b(?:borren|eliminen) (?:mi|este) numero\b",
]
_REVOCATION = re.compile("|".join(f"(?:{p})" for p in _REVOCATIONS))
# "Stop texting me" in the other languages most spoken in US homes, and their carriers' opt-out words
# (Chinese 退订, Korean 수신거부). Matched on the folded text, not the flattened one, which keeps only
# Latin letters; folded the same way as the text (Korean syllables come apart into letters).
_OTHER_LANGUAGE_REVOCATION = re.compile("|".join(f"(?:{fold(p)})" for p in (
    r"\barr[eê]t(?:ez|e|er) de m'?(?:[eé]crire|envoyer|texter|contacter)", r"\bne m'?(?:[eé]crivez|envoyez) plus\b", r"\bd[eé]sabonn",
    r"\bn[aã]o (?:me )?(?:mande|envie|escreva)\w* mais\b",
    r"\bsispann (?:voye|ekri|rele)\b",
    r"\bđ?ừng nhắn tin\b", r"\bkh[oô]ng (?:muốn )?nhận tin nhắn\b",
    r"不要再[发發]", r"别再[发發]", r"不要[发發](?:短信|信息|簡訊)", r"退订", r"退訂",
    r"그만 보내", r"수신\s?거부", r"문자 보내지 마",
    r"не (?:пишите|присылайте|отправляйте)", r"отпишите",
    r"\b(?:wag|huwag) (?:na )?(?:po )?(?:kayong |nyo |ninyo )?(?:mag[- ]?)?text",
)))
# The general shape behind the phrasings above, within one clause: a word that ends something,
# then, a few words on, our texts or this number ("please discontinue these messages", "do not
# text this phone", "I'd rather not get texts"); not when the texts are only put off or redirected
# ("don't text before 9", "you never text back", "don't call, text instead").
_ENDING = r"(?:stop|quit|cease|discontinue|halt|block|unsubscribe|opt ?out|remove|delete|don'?t|do not|dont|no more|never(?! (?:got|get|received|had|saw|heard|miss\w*|return\w*|answer\w*|responded))|no longer|rather not)"
_OUR_TEXTS = (r"(?:te?xt(?:s|ing)?|txt\w*|messag(?:e|es|ing)|msgs?|sms|contact(?:ing| info| information)?(?! (?:sensor|switch|lens|paper|cleaner))|call(?:s|ing)?|"
              r"reach(?:ing)? out|this (?:number|phone|cell)|my (?:number|phone|cell))")
_GENERAL_REVOCATION = re.compile(
    rf"\b{_ENDING}\b(?: [\w']+){{0,4}} {_OUR_TEXTS}\b"
    r"(?! (?:back|me back|us back|before|after|until|till|than|instead|first|the|me the|me a|me an|me when|me at|me if|me on|for heat|(?:my|our|his|her) (?!number|phone|cell)\w+))"
)
# "don't call, just text" and the like are caught by _WANTS_TEXTS before any revocation is looked for
_REDIRECTED = re.compile(r"\b(?:instead|rather you)\b")
# Taken back in the same text ("STOP. jk, do you do water softeners?") or said the other way round
# ("don't stop texting me", "I don't want to stop getting texts"): no revocation.
_TAKEN_BACK = re.compile(r"\b(?:jk|j k|just kidding|(?:lol|haha) kidding|(?:you can|please|pls) keep (?:texting|messaging|the texts)|"
                         r"(?:do ?n'?t|dont|do not|never)(?: want (?:you )?to)? stop (?:texting|messaging|getting|sending|the texts)|"
                         # "I'll stop texting you now lol, but send someone": the customer's own texts
                         r"(?:i'?ll|i will|i'?m gonna|i am going to|gonna) stop (?:texting|messaging|bugging) (?:you|u|y'?all)(?: now)?(?: lol)? but)\b")
# "stop calling my husband's phone, text me instead": moved to our texts, not away from them
_WANTS_TEXTS = re.compile(r"\b(?:text|txt|message) (?:me|us) instead\b|\b(?:just|only) (?:text|txt)(?: (?:me|us))?\b|\b(?:text|txt) only\b|"
                          r"\b(?:text|texting) (?:is|works) (?:better|best|fine)\b|\brather you text\b")
# "STOP!!! stop the sparks": the customer is shouting about the thing, not about our texts
_STOP_THE_THING = re.compile(r"\bstop (?:the|this|that|my) (?!te?xts?|messages|msgs|spam|calls|notifications)[a-z]+")
# Spam quoting carrier keywords ("Reply STOP to opt out") is not the sender revoking.
_QUOTED_INSTRUCTION = re.compile(r"\b(?:reply|text|txt|send|respond(?: with)?)\s+\"?(?:stop|yes|start|help|end)\"?\b")


class Keyword(enum.Enum):
    NONE = "none"
    OPT_OUT = "opt_out"
    RESUBSCRIBE = "resubscribe"
    HELP = "help"


def _bare(text: str) -> str:
    """The text reduced to letters and single spaces: ' S.T.O.P!! ' -> 'stop'."""
    folded = fold(text).replace(".", "").replace("-", "")
    return re.sub(r"\s+", " ", re.sub(r"[^a-z ]+", " ", folded)).strip()


def _strip_courtesy(bare: str) -> str:
    changed = True
    while changed:
        changed = False
        for word in sorted(_COURTESY, key=len, reverse=True):
            for pattern in (rf"^{word} ", rf" {word}$"):
                stripped = re.sub(pattern, "", bare)
                if stripped != bare:
                    bare, changed = stripped, True
    return bare


def _is_keyword(text: str, keywords: set[str]) -> bool:
    bare = re.sub(r"\b(\w+)(?: \1\b)+", r"\1", _strip_courtesy(_bare(text)))  # "STOP STOP STOP"
    return bare in keywords or bare.replace(" ", "") in keywords


def is_opt_out(text: str) -> bool:
    """True when the text revokes consent to our texts, by keyword or in plain words."""
    flat = _flat(text)
    if _QUOTED_INSTRUCTION.search(fold(text)) or _TAKEN_BACK.search(flat) or _WANTS_TEXTS.search(flat):
        return False
    if _is_keyword(text, OPT_OUT_KEYWORDS):
        return True
    if not _STOP_THE_THING.search(flat) and any(_is_keyword(clause, OPT_OUT_KEYWORDS) for clause in _clauses(text)):
        return True  # "not interested, stop": a bare keyword standing as its own clause
    if _REVOCATION.search(flat) or _OTHER_LANGUAGE_REVOCATION.search(fold(text)):
        return True
    return not _REDIRECTED.search(flat) and any(_GENERAL_REVOCATION.search(_flat(clause)) for clause in _clauses(text))


def _flat(text: str) -> str:
    """Lower-case letters, digits and apostrophes, single-spaced: what the revocation patterns read."""
    return re.sub(r"\s+", " ", re.sub(r"[^a-z0-9' ]+", " ", fold(text).replace("\u2019", "'"))).strip()


def _clauses(text: str) -> list[str]:
    return [clause for s in sentences(text) for clause in re.split(r"[,;:]", s)]


def classify_keyword(text: str, opted_out: bool = False) -> Keyword:
    """The compliance keyword a text carries, if any.

    `opted_out` is the conversation's consent state: a bare YES re-subscribes only
    someone who opted out, otherwise it is an ordinary answer.
    """
    if is_opt_out(text):
        return Keyword.OPT_OUT
    resubscribe = RESUBSCRIBE_KEYWORDS | ({"yes", "si", "yes please"} if opted_out else set())
    if _is_keyword(text, resubscribe):
        return Keyword.RESUBSCRIBE
    if _is_keyword(text, HELP_KEYWORDS):
        return Keyword.HELP
    return Keyword.NONE
