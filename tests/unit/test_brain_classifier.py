"""The learned intent classifier, and where the engine lets it decide."""
from datetime import datetime

from appliance.brain.classifier import IntentClassifier, Prediction, bundled_classifier
from appliance.brain.engine import (
    MIN_WORDS_UNNAMED,
    OUTVOTES_RULES,
    SOUNDS_DANGEROUS,
    SOUNDS_DANGEROUS_UNNAMED,
    _sounds_dangerous,
    qualify,
)
from appliance.brain.profile import default_profile

PROFILE = default_profile("plumbing", "Riverside Plumbing")
NOW = datetime(2025, 6, 2, 10)


def test_a_misspelt_word_still_counts_as_the_word():
    """Taught 'basement' and 'attic', the classifier still knows 'basment' (pieces of words, not only words)."""
    classifier = IntentClassifier().train([("water in the basement", "emergency_repair"),
                                           ("insulation for the attic", "quote_request")])
    assert classifier.predict("basment").intent == "emergency_repair"
    assert classifier.predict("atic").intent == "quote_request"


def test_a_classifier_learns_from_the_examples_it_is_given():
    classifier = IntentClassifier().train([
        ("how much for a new water heater", "quote_request"),
        ("what do you charge to replace a toilet", "quote_request"),
        ("my sink is clogged", "service_request"),
        ("the toilet is running all night", "service_request"),
    ])
    assert classifier.predict("how much to replace a faucet").intent == "quote_request"
    assert classifier.predict("the faucet is clogged").intent == "service_request"


def test_the_bundled_classifier_knows_a_pitch_the_rules_do_not():
    pitch = ["Is this the owner? I'd love to show you how our AI receptionist never misses a call"]
    assert bundled_classifier().predict(pitch[0]).intent == "not_a_lead"
    assert qualify(pitch, PROFILE, NOW, mode="rules", classifier=None).intent == "service_request"
    lead = qualify(pitch, PROFILE, NOW, mode="rules")
    assert lead.intent == "not_a_lead" and lead.source["intent"] == "classifier"


def test_the_classifier_never_drops_a_greeting_or_a_lead_with_a_job_or_address():
    """Even a classifier sure that everything is spam (one trained only on spam) cannot drop these."""
    spam_only = IntentClassifier().train([("win a free cruise now", "not_a_lead")])  # one label: all it can say
    assert spam_only.predict("hello").intent == "not_a_lead"
    assert qualify(["hi", "hello"], PROFILE, NOW, classifier=spam_only).intent == "service_request"
    assert qualify(["kitchen sink drips all night"], PROFILE, NOW, classifier=spam_only).intent == "service_request"
    assert qualify(["can someone come out to 412 Oak St, Boise"], PROFILE, NOW,
                   classifier=spam_only).intent == "service_request"


def test_the_hazard_rules_keep_their_word_whatever_the_classifier_says():
    sure_it_is_a_quote = IntentClassifier().train([("smell gas in the kitchen", "quote_request"),
                                                   ("new faucet", "new_installation")])
    assert sure_it_is_a_quote.predict("I smell gas in the kitchen").intent == "quote_request"
    lead = qualify(["I smell gas in the kitchen"], PROFILE, NOW, classifier=sure_it_is_a_quote)
    assert lead.intent == "emergency_repair" and lead.escalate


def test_only_a_sure_classifier_outvotes_the_label_a_rule_gave():
    """The rules call a reschedule an existing customer; a classifier outvotes them only when sure."""
    text = ["can I move my appointment to Friday? the drain is slow again"]
    assert qualify(text, PROFILE, NOW, classifier=None).intent == "existing_customer"
    sure = IntentClassifier().train([("move my appointment to friday drain slow again", "warranty_claim"),
                                     ("new faucet install", "new_installation")])
    torn = IntentClassifier().train([("move my appointment to friday drain slow again", "warranty_claim"),
                                     ("move my appointment to friday drain slow again", "existing_customer")])
    assert sure.predict(text[0]).margin >= OUTVOTES_RULES > torn.predict(text[0]).margin
    assert qualify(text, PROFILE, NOW, classifier=sure).intent == "warranty_claim"
    assert qualify(text, PROFILE, NOW, classifier=torn).intent == "existing_customer"


def test_a_request_for_a_call_back_is_never_dropped_as_no_lead():
    spam_only = IntentClassifier().train([("call me back pls at work til 5", "not_a_lead"), ("win a cruise", "not_a_lead"),
                                          ("sink clogged", "service_request")])
    assert spam_only.predict("call me back pls / at work til 5").intent == "not_a_lead"
    assert qualify(["call me back pls", "at work til 5"], PROFILE, NOW, classifier=spam_only).intent != "not_a_lead"


def test_the_classifier_raises_an_alarm_the_hazard_rules_cannot_name():
    """Wording no hazard rule knows, about a described job: the classifier's 'emergency' escalates it."""
    soaked = ["insulation in the attic is like a sponge, drywall underneath is browning and drooping"]
    taught = IntentClassifier().train([("attic insulation sponge drywall drooping", "emergency_repair"),
                                       ("drywall patch and paint", "service_request")])
    assert not qualify(soaked, PROFILE, NOW, classifier=None).escalate
    lead = qualify(soaked, PROFILE, NOW, classifier=taught)
    assert lead.escalate and lead.urgency == "emergency" and lead.source["escalate"] == "classifier"
    assert lead.hazard == "unclear"  # no safety text is guessed for a danger nobody named


def test_the_classifier_alarm_needs_more_certainty_where_no_job_is_named():
    """Between the two margins, 'emergency' rings the tech about a described job, not about bare words."""
    between = Prediction("emergency_repair", margin=(SOUNDS_DANGEROUS + SOUNDS_DANGEROUS_UNNAMED) / 2)
    sure = Prediction("emergency_repair", margin=SOUNDS_DANGEROUS_UNNAMED)
    assert _sounds_dangerous(between, service="water heater", words=4)
    assert not _sounds_dangerous(between, service=None, words=20)
    assert _sounds_dangerous(sure, service=None, words=MIN_WORDS_UNNAMED)
    assert not _sounds_dangerous(sure, service=None, words=MIN_WORDS_UNNAMED - 1), "a few words of small talk"
    assert not _sounds_dangerous(Prediction("service_request", margin=5.0), service="water heater", words=20)


def test_the_classifier_alone_never_alarms_on_water_the_customer_calls_a_puddle():
    """Taught that every drip is an emergency, it still cannot ring the tech over 'a puddle' or 'a small leak'."""
    alarmist = IntentClassifier().train([("relief valve dripping puddle water heater", "emergency_repair"),
                                         ("quote for a new roof", "quote_request")])
    for text in ("the relief valve on the water heater drips and there's a puddle under it",
                 "water heater has a small leak at the relief valve"):
        assert alarmist.predict(text).intent == "emergency_repair"
        assert not qualify([text], PROFILE, NOW, classifier=alarmist).escalate, text
    assert qualify(["the relief valve on the water heater drips, the floor is soaked"], PROFILE, NOW,
                   classifier=alarmist).escalate


def test_the_bundled_classifier_does_not_alarm_on_small_talk():
    for chat in (["ok see you then"], ["thanks, what time will he be here?"], ["who is this?"], ["hi is anyone there"],
                 ["hello is anyone there"]):
        assert not qualify(chat, PROFILE, NOW, mode="rules").escalate, chat


def test_a_word_or_two_is_too_little_for_the_classifier_to_relabel():
    """'clog' alone stays the rules' service request, whatever a classifier taught on longer texts says."""
    taught = IntentClassifier().train([("clog again after you fixed it", "warranty_claim"),
                                       ("install a new faucet", "new_installation")])
    assert qualify(["clog"], PROFILE, NOW, classifier=taught).intent == "service_request"


def test_the_owners_corrections_teach_the_classifier_words_the_memory_alone_would_not_match():
    """A shop whose policy makes no hot water an emergency corrects six such leads: a seventh, worded
    differently, rings the tech. (Walk-in coolers were this test's policy until the engine learned them
    unaided from the long-tail corpus.)"""
    from appliance.brain.memory import CorrectionMemory
    memory = CorrectionMemory()
    for text in ["no hot water at all since this morning, the tank is cold", "water heater quit, showers are ice cold",
                 "we have no hot water, pilot won't stay lit on the heater",
                 "the hot water ran out and never came back, heater is cold",
                 "tankless heater shows an error and only gives cold water", "hot water heater stopped heating, every tap runs cold"]:
        memory.add([text], {"intent": "emergency_repair", "escalate": True})
    unseen = ["the heater gives no hot water at all now"]
    assert memory.recall(unseen, "escalate") is None, "too different for the nearest-neighbour memory"
    assert not qualify(unseen, PROFILE, NOW).escalate
    assert qualify(unseen, PROFILE, NOW, memory=memory).escalate
    harmless = ["want a quote on a tankless water heater, no rush"]
    assert not qualify(harmless, PROFILE, NOW, memory=memory).escalate
