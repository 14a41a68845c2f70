"""The red flags for back pain: what each is made of, its urgency, and where it comes from.

A red flag is present when every concept of one of its combinations (`when`) is mentioned,
not cancelled by its context, and all about the same person; `unless` names what explains
it away in the same clause (for weight loss: anywhere in the message). docs/red-flags.md is
written from this list (`python -m bot.nlu.triage.docs`), so the two cannot disagree.

Sources, by their numbers in docs/sources.md: 006 NICE CKS low back pain, 008 NHS back
pain, 011 the British Association of Spine Surgeons' cauda equina standards, 012 NHS
abdominal aortic aneurysm, 013 NHS bleeding in pregnancy.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Tuple


class Level(IntEnum):
    """Urgency, least urgent first, as clinical triage grades it."""
    PROMPT = 1     # see your own doctor within days, before acupuncture
    URGENT = 2     # emergency department or urgent care today
    EMERGENCY = 3  # call the emergency number now

    @property
    def intent(self) -> str:
        return f"red_flag_{self.name.lower()}"


@dataclass(frozen=True)
class RedFlag:
    name: str
    level: Level
    description: str  # for the clinical lead, in docs/red-flags.md
    when: Tuple[Tuple[str, ...], ...]
    sources: str
    unless: Tuple[str, ...] = ()
    unless_anywhere: bool = False  # `unless` anywhere in the message, not just the clause
    close: bool = False  # a combination's parts in one sentence ("chest" and "heavy")


E, U, P = Level.EMERGENCY, Level.URGENT, Level.PROMPT

RED_FLAGS: Tuple[RedFlag, ...] = (
    # --- emergency: call the emergency number now -------------------------------------
    RedFlag("chest_pain", E, "chest pain, pressure or tightness, with or without back pain; a chest going heavy or tight with sweating or greyness",
            (("chest_pain",), ("chest_word", "cardiac_sign")), "008", close=True),
    RedFlag("tearing_pain", E, "sudden tearing or ripping pain in the back, chest or belly (aortic dissection)",
            (("tearing", "pain"),), "012"),
    RedFlag("pulsating_mass", E, "a pulsating lump in the belly, or a known aortic aneurysm with new pain",
            (("pulsating_lump",), ("aneurysm", "pain")), "012"),
    RedFlag("collapse", E, "fainting, collapsing or blacking out, with back pain",
            (("collapse", "pain"),), "012"),
    RedFlag("breathing_difficulty", E, "trouble breathing or sudden breathlessness",
            (("breathing",),), "008"),
    RedFlag("pregnancy_bleeding", E, "bleeding in pregnancy (heavy, or not said to be light)",
            (("pregnancy", "bleeding"),), "013", unless=("light_bleeding",)),
    # --- urgent: emergency department or urgent care today --------------------------------
    RedFlag("saddle_anaesthesia", U, "numbness or tingling in the groin, genitals, buttocks, inner thighs or around the back passage; not feeling the toilet paper",
            (("numbness", "saddle_area"), ("saddle_direct",)), "006, 008, 011"),
    RedFlag("bladder_bowel", U, "new loss of bladder or bowel control, not being able to pee, or not feeling the bladder fill or urine pass",
            (("incontinence",), ("retention",), ("toilet_sensation",)), "006, 008, 011",
            unless=("stress_leak",)),
    RedFlag("sexual_dysfunction", U, "new loss of erection, ejaculation or genital sensation, with back pain or sciatica",
            (("sexual_dysfunction", "pain"),), "008, 011"),
    RedFlag("neuro_deficit", U, "numbness or sciatica in both legs, or numbness getting worse; foot drop; new trouble walking",
            (("both_legs", "numbness"), ("both_legs", "pain"), ("legs_plural", "numbness"),
             ("leg", "numbness", "progressive"), ("foot_drop",), ("walking",)), "006, 008, 011"),
    RedFlag("leg_weakness", U, "weakness in both legs, leg weakness getting worse or sudden, legs giving way (not tired legs after exertion)",
            (("both_legs", "weakness"), ("legs_plural", "weakness"), ("leg", "weakness", "progressive"),
             ("leg", "weakness", "sudden"), ("leg_gives_way",)), "006, 008, 011",
            unless=("exertion",), unless_anywhere=True),
    RedFlag("fever_infection", U, "back pain with a fever, chills or rigors, or night sweats with a fever",
            (("fever", "pain"),), "006, 008"),
    RedFlag("fracture", U, "a fall, crash or blow in the last days or weeks; a minor strain or fall with osteoporosis, long-term steroids or age 65 or over",
            (("trauma_major",), ("trauma_fall", "pain"), ("trauma_minor", "osteoporosis"),
             ("trauma_minor", "steroids"), ("trauma_minor", "age_65_or_over"),
             ("trauma_fall", "osteoporosis"), ("trauma_fall", "steroids"), ("trauma_fall", "age_65_or_over"),
             ("osteoporosis", "pain", "sudden")), "006, 008"),
    # A weakened immune system hides the fever of a spinal infection, so any back pain not
    # said to be long-standing counts; with injected drugs, new pain.
    RedFlag("infection_risk", U, "back pain that is not long-standing with immunosuppression (chemotherapy, transplant, HIV, immunosuppressants), new back pain with injected drugs, or back pain after recent spinal surgery or injection",
            (("injecting_drugs", "pain", "new_onset"), ("immunosuppressed", "pain"),
             ("immune_condition", "pain"), ("spinal_procedure", "pain")),
            "006", unless=("long_standing",)),
    RedFlag("pregnancy_labour", U, "back pain in pregnancy with contractions, waters breaking, light bleeding or the baby moving less",
            (("pregnancy", "contractions"), ("pregnancy", "light_bleeding")), "013"),
    RedFlag("severe_sudden", U, "sudden severe or worst-ever pain, pain so bad you cannot move at all, or pain with vomiting",
            (("severe", "sudden"), ("severe", "progressive"), ("worst_ever",), ("immobile",), ("pain", "vomiting")),
            "008, 012"),
    # --- prompt: see your own doctor within days, before acupuncture ------------------------
    RedFlag("cancer_history", P, "back pain in someone who has had cancer",
            (("cancer", "pain"),), "006"),
    RedFlag("weight_loss", P, "weight loss without trying",
            (("weight_loss",),), "006, 008", unless=("explained_weight_loss",), unless_anywhere=True),
    RedFlag("night_pain", P, "pain that is worse at night, wakes you, or does not ease with rest or a change of position",
            (("night_pain",),), "006, 008"),
    RedFlag("age_onset", P, "back pain in someone under 20, or new back pain over 50, without a clear strain",
            (("age_under_20", "pain"), ("age_over_50", "pain", "new_onset")), "006",
            unless=("long_standing", "strain_cause"), unless_anywhere=True),
    RedFlag("thoracic_pain", P, "pain in the upper or middle back, between the shoulder blades, without a clear strain",
            (("thoracic", "pain"),), "008", unless=("mechanical_cause",), unless_anywhere=True),
)
