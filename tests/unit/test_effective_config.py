from appliance.effective_config import effective_config
from appliance.store import settings
from appliance.store.db import transaction


def save(db, clock, key, value):
    with transaction(db):
        settings.put(db, clock.now(), key, value, "owner")


def test_the_admin_pages_business_profile_and_templates_win_over_the_file(db, config, clock):
    assert effective_config(config, db) is config
    save(db, clock, "business", {"name": "Lone Star Plumbing & Drain", "hours": "mon-sat 07:00-18:00",
                                 "service_area": "Austin"})
    save(db, clock, "textback.template", "Hey, {business} here, we missed you! Reply STOP to opt out.")
    current = effective_config(config, db)
    assert current.business.name == "Lone Star Plumbing & Drain"
    assert current.business.hours == "mon-sat 07:00-18:00"
    assert current.textback.template.startswith("Hey, {business} here")
    assert current.business.phone == config.business.phone


def test_an_override_that_does_not_validate_is_ignored(db, config, clock):
    save(db, clock, "textback.template", "We missed you, no opt-out line")
    assert effective_config(config, db).textback.template == config.textback.template


def test_the_model_chosen_on_the_admin_page_wins_over_the_file(db, config, clock):
    save(db, clock, "brain.model", "qwen2.5-1.5b-instruct-q4_k_m.gguf")
    assert effective_config(config, db).brain.model == "qwen2.5-1.5b-instruct-q4_k_m.gguf"
    assert effective_config(config, db).brain.use_model == config.brain.use_model


def test_quiet_hours_tables_and_whole_numbers_from_the_admin_page_win_over_the_file(db, config, clock):
    save(db, clock, "pipeline.state_quiet_hours", {"OK": "mon-sun 08:00-20:00"})
    save(db, clock, "pipeline.max_messages_per_day", 2)
    current = effective_config(config, db)
    assert current.pipeline.state_quiet_hours == {"OK": "mon-sun 08:00-20:00"}
    assert current.pipeline.max_messages_per_day == 2


def test_a_saved_value_of_the_wrong_shape_is_left_out(db, config, clock):
    save(db, clock, "pipeline.max_messages_per_day", True)        # JSON's true is not a number of texts
    save(db, clock, "pipeline.state_quiet_hours", "OK mon-sun 08:00-20:00")
    assert effective_config(config, db) is config
