"""Danger to life or property, told calmly or in capitals, with negations and near misses.

Danger is described by *what* is in trouble and *how*: a thing (water, gas, an outlet, a
tree) and a state (pouring through the ceiling, smelled, smoking, on the roof) named in
one sentence, neither denied ("no sparks or smell") nor only feared ("before it floods"),
and the sentence or the next not saying it is over ("it's dry now", "nothing since").
Some words carry both at once ("flooding", "rotten eggs"). Cold and heat are dangerous
only with freezing weather or someone vulnerable at home. Pure functions over texts.

One idea per module: `vocabulary` (the word groups), `kinds` (the hazard list), `hazard`
(how a sentence shows one), `matching` (past negations), `resolution` (whether it is over), `climate` (cold and heat),
`detect` (`find_danger`), `pressing` (how soon the customer needs it).
"""
from .detect import find_danger
from .hazard import Danger
from .pressing import sounds_calm, sounds_pressing

__all__ = ["Danger", "find_danger", "sounds_calm", "sounds_pressing"]
