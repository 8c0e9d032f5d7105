"""Who did it: the actors a sentence presents as the doers of what it reports, and those it
names only as accusers.

Word-order heuristics over the gazetteer's mentions, kept to the constructions that are
reliable in news English:

- an actor named as the user of attacking arms: "Azerbaijani rockets", "Armenia's shelling"
  (`attackers`, used only for claims about attacks);
- the agent of a passive: "... were sent by Turkey";
- the accused of an accusation: "Turkey accused Armenia of ...", "Paris condemned Ankara's
  ..." (the accuser, Turkey or Paris, is named only as `accusers`); in the passive, "Ankara
  stands accused of ...", the one named before the verb is the accused, and no accuser.

The matcher uses them to tell "Armenian rockets hit Ganja" from "Azerbaijani rockets hit
Stepanakert, Armenia said" (Armenia is named, but not as the one who fired) and "Israel
supplied drones" from "Israel accused Iran of supplying drones". Places and publications are
never doers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.models import ActorMention
from extractors.text import fold

__all__ = ["Roles", "roles_in", "without_accusation"]

# Verbs (not nouns: "the accusations made by Armenia" names no accuser of the deed), and
# "faces accusations", which is a passive: "Turkey faces accusations of sending fighters".
_ACCUSE = re.compile(
    r"(?<!\w)(?:(?:accus|blam|condemn|criticis|criticiz|denounc)(?:ed|es|ing|s)"
    r"|(?P<faces>fac(?:es|ed|ing|e)\s+(?:accusations|allegations|charges)))(?!\w)")
# Arms that attack, after the name of whoever fires them ("Azerbaijani rockets", "Armenia's
# shelling", "Armenian artillery fire"); English, where the name precedes the noun.
_ATTACK_ARMS = re.compile(
    r"(?:'s)?\s+(?:[a-z-]+\s+)?(?:rockets?|missiles?|shells?|shelling|artillery|airstrikes?|"
    r"air strikes?|strikes?|bombs?|bombing|bombardment)(?!\w)")
# The agent of a passive deed verb ("fighters sent by Turkey"); "accusations made by Armenia"
# is no deed, nor is backing: in "Backed by Turkey, Azerbaijan seized the enclave" (or "militias
# funded by Ankara attacked") the backer supports what the sentence's subject did.
_BY = re.compile(
    r"(?<!\w)(?:sent|dispatched|deployed|recruited|hired|paid|armed|trained|supplied|"
    r"delivered|transferred|transported|brought|flown|fired|launched|hit|struck|shelled|attacked|"
    r"bombed|carried out)\s+by\s+(?:the\s+)?$")
_NOT_DOERS = {"place", "publication"}
# Where the deed starts after an accusation verb and its accused: "of sending", "for shelling",
# or a noun phrase ("for the rocket attack on Ganja", "of complicity in the transfer"), searched
# in the next few words ("accused Turkey on Monday of sending"); not "blamed Turkey for years".
_DEED = re.compile(r"\s(?:of|for)\s+(?=(?:[a-z]+ing|the|an?|its|their|complicity|involvement|responsibility|role)\b)")
# Or the deed is the accused's own, as a possessive: "Paris condemned Ankara's transfer of
# fighters" reports "Ankara's transfer of fighters".
_POSSESSIVE = re.compile(r"(?:'|\u2019)s?\s")
# A passive accusation: "Moscow stands accused of shipping fighters", "Ankara was widely blamed
# for ..." names the accused before the verb, and no accuser.
_PASSIVE_BEFORE = re.compile(
    r"(?<!\w)(?:is|are|was|were|be|been|being|stands?|stood|remains?|remained|gets?|got|"
    r"finds? itself|found itself)\s+(?:[a-z]+ly\s+)?$")


# Accusation verbs of the other languages (folded; verbs, not the nouns "accusations",
# "обвинения", "suçlamalar", "اتهامات", "acusaciones"): "La Turquie est accusée d'avoir envoyé",
# "Турцию обвиняют в переброске", "göndermekle suçlanıyor", "اتهمت ... تركيا بإرسال".
_ACCUSE_OTHER = re.compile(
    r"(?<!\w)(?:ac?cus(?:e|ee|es|ees|ent|ait|aient|er|a|an|o|ano|arono|ado|ada|ados|adas|aron|at[oaie])"
    r"|обвиня(?:ют|ет|ли|л|ла|лась|лся|ется|ются)|обвинил[аи]?|обвинен[аыо]?"
    r"|sucla(?:n|d|y|r|m(?!a))\w*|beschuldigt\w*|vorgeworfen)(?!\w)"
    r"|(?<![\w\u0600-\u06ff])[\u0648\u0641]?[\u0627\u064a\u062a]\u062a\u0647\u0645[\u0600-\u06ff]*")


def without_accusation(text: str) -> str:
    """`text` without its accusation verbs: those of the other languages, and the English
    forms they share ("accuse", "accuses"). Where English names the accused and the deed,
    `Roles.deed` reads it instead."""
    folded = fold(text)
    if not _ACCUSE_OTHER.search(folded):
        return text
    kept, last = [], 0
    for m in _ACCUSE_OTHER.finditer(folded):
        kept.append(text[last:m.start()])
        last = m.end()
    return "".join(kept) + text[last:]


@dataclass(frozen=True)
class Roles:
    accused: frozenset[str] = frozenset()  # the accused of "X accused Y of ..."
    agents: frozenset[str] = frozenset()  # the agent of a passive deed ("sent by Turkey")
    attackers: frozenset[str] = frozenset()  # named as firing or striking
    accusers: frozenset[str] = frozenset()  # named before an accusation verb, not as doers
    lead: str | None = None  # the first actor named: most often the main clause's subject
    # What the accused is said to have done, as a clause of its own: "Turkey sending fighters to
    # Azerbaijan" from "France accused Turkey of sending fighters to Azerbaijan".
    deed: str | None = None

    @property
    def doers(self) -> frozenset[str]:
        return self.accused | self.agents


def roles_in(sentence: str, mentions: list[ActorMention], offset: int, kinds: dict[str, str]) -> Roles:
    """Roles in `sentence`; `mentions` have offsets into the text `sentence` starts at
    `offset` in; `kinds` maps actor id -> kind."""
    folded = fold(sentence)
    local = [(m.start - offset, m.end - offset, m.actor_id) for m in mentions
             if kinds.get(m.actor_id) not in _NOT_DOERS and 0 <= m.start - offset < len(sentence)]
    accused, agents, attackers, accusers = set(), set(), set(), set()
    deed = None
    accusation = _ACCUSE.search(folded)
    if accusation is not None:
        before = [m for m in local if m[1] <= accusation.start()]
        after = [m for m in local if m[0] >= accusation.end() and m[0] - accusation.end() <= 12]
        named = None
        passive = accusation.group("faces") or (
            accusation.group().endswith("ed") and _PASSIVE_BEFORE.search(folded, 0, accusation.start()))
        if before and passive:
            named = before[-1]
        elif before:
            accusers.add(before[-1][2])
            named = after[0] if after else None
        if named is not None:
            accused.add(named[2])
            after_names = max(accusation.end(), named[1])
            tail = _DEED.search(folded, after_names, after_names + 40)
            if tail is not None:
                deed = sentence[named[0]:named[1]] + " " + sentence[tail.end():]
            elif _POSSESSIVE.match(sentence, named[1]):
                deed = sentence[named[0]:]
    for start, end, actor in local:
        if _ATTACK_ARMS.match(folded, end):
            attackers.add(actor)
        if _BY.search(folded, max(0, start - 12), start):
            agents.add(actor)
    return Roles(frozenset(accused), frozenset(agents), frozenset(attackers),
                 frozenset(accusers - accused - agents - attackers), local[0][2] if local else None, deed)
