import pytest

from appliance.config import ConfigError, find_config_path, load_config, parse_config
from appliance.pipeline.settings import price_list
from tests.conftest import SHOP


def test_defaults_fill_every_section():
    config = parse_config({"business": dict(SHOP)})
    assert config.textback.cooldown_minutes == 30
    assert "Reply STOP to opt out" in config.textback.template
    assert "{business}" in config.textback.template
    assert config.asterisk.host == "127.0.0.1"
    assert config.web.bind == "127.0.0.1"


def test_lookup_order_cli_then_environment_then_etc():
    assert str(find_config_path("/a.toml", {"TEXTBACK_CONFIG": "/b.toml"})) == "/a.toml"
    assert str(find_config_path(None, {"TEXTBACK_CONFIG": "/b.toml"})) == "/b.toml"
    assert str(find_config_path(None, {})) == "/etc/textback/textback.toml"


@pytest.mark.parametrize("change, message", [
    ({"business": {"timezone": "Central"}}, "business.timezone"),
    ({"business": {"phone": "call us"}}, "business.phone"),
    ({"business": {"hours": "weekdays 9 to 5"}}, "business.hours"),
    ({"asterisk": {"port": "5038"}}, "asterisk.port: must be a whole number"),
    ({"asterisk": {"port": 70000}}, "asterisk.port"),
    ({"asterisk": {"pasword": "x"}}, "asterisk.pasword: unknown key"),
    ({"textback": {"template": "Hi from {business}!"}}, "textback.template: must tell people how to opt out"),
    ({"textback": {"template": "Hi {customer}. Reply STOP to opt out"}}, "{customer} is not a known placeholder"),
    ({"textback": {"template": "{business.__class__} STOP"}}, "is not a placeholder"),
    ({"textback": {"ignore_numbers": "5125550111"}}, "textback.ignore_numbers: must be a list"),
    ({"modem": {"baudrate": 1234}}, "modem.baudrate"),
    ({"webb": {}}, "unknown section [webb]"),
])
def test_errors_name_the_key_and_the_problem(change, message):
    data = {"business": dict(SHOP)}
    for section, values in change.items():
        data.setdefault(section, {}).update(values)
    with pytest.raises(ConfigError) as error:
        parse_config(data)
    assert message in str(error.value)


def test_missing_business_name_is_named():
    shop = dict(SHOP)
    del shop["name"]
    with pytest.raises(ConfigError, match="business.name: required but missing"):
        parse_config({"business": shop})


def test_file_errors_are_plain(tmp_path):
    with pytest.raises(ConfigError, match="no configuration file at"):
        load_config(tmp_path / "missing.toml")
    broken = tmp_path / "broken.toml"
    broken.write_text("[business\nname = 1")
    with pytest.raises(ConfigError, match="is not valid TOML"):
        load_config(broken)


def test_file_round_trip(tmp_path):
    path = tmp_path / "textback.toml"
    path.write_text(
        '[business]\nname = "Hawkeye Heating"\ntrade = "hvac"\ntimezone = "America/Chicago"\n'
        'phone = "(515) 555-0100"\n[textback]\ncooldown_minutes = 10\nignore_numbers = ["515-555-0199"]\n')
    config = load_config(path)
    assert config.business.name == "Hawkeye Heating"
    assert config.textback.cooldown_minutes == 10
    assert config.source == str(path)


def test_switches_must_be_true_or_false():
    with pytest.raises(ConfigError, match="web.allow_all_interfaces: must be true or false"):
        parse_config({"business": dict(SHOP), "web": {"allow_all_interfaces": "yes"}})
    assert parse_config({"business": dict(SHOP), "web": {"allow_all_interfaces": True}}).web.allow_all_interfaces


@pytest.mark.parametrize("services, message", [
    ("Drain cleaning $99", "business.services: must be a list of tables"),
    (["Drain cleaning"], "business.services[0]: must be a table of keys"),
    ([{"name": " ", "low": 99, "high": 199}], "business.services[0].name: the service's name is missing"),
    ([{"name": "Drain cleaning", "low": "99", "high": 199}], "business.services[0]: low and high must be whole dollar"),
    ([{"name": "Drain cleaning", "low": 300, "high": 100}], "business.services[0]: low (300) is more than high (100)"),
    ([{"name": "Drain cleaning", "low": 99, "high": 199, "price": 150}], "business.services[0].price: unknown key"),
    ([{"name": "Drain cleaning", "low": 99, "high": 199}, {"name": "drain cleaning", "low": 1, "high": 2}],
     "'drain cleaning' is listed twice"),
])
def test_a_price_list_that_cannot_be_used_is_refused_with_the_entry_named(services, message):
    with pytest.raises(ConfigError) as error:
        parse_config({"business": {**SHOP, "services": services}})
    assert message in str(error.value)


def test_the_shops_own_price_list_replaces_the_trades_starter_list():
    own = parse_config({"business": {**SHOP, "services": [{"name": "Drain cleaning", "low": 99, "high": 199}]}})
    assert [(s.name, s.low, s.high) for s in price_list(own)] == [("Drain cleaning", 99, 199)]
    starter = parse_config({"business": dict(SHOP)})
    assert "Water heater replacement" in [s.name for s in price_list(starter)]


@pytest.mark.parametrize("section, key, template, message", [
    ("booking", "offer_template", "We can come {slots}", "booking.offer_template: must contain {choices}"),
    ("booking", "reminder_template", "See you {when}, {customer}", "{customer} is not a known placeholder"),
    ("booking", "confirmation_template", "Booked!", "booking.confirmation_template: must contain {when}"),
    ("pipeline", "review_template", "Hi {name}, review us: {link}", "pipeline.review_template: {name} is not a known"),
    ("pipeline", "review_template", "Thanks from {business}!", "pipeline.review_template: must contain {link}"),
    ("pipeline", "review_reminder_template", "{name}, one more time: {link", "pipeline.review_reminder_template"),
])
def test_booking_and_review_wording_is_checked_before_any_customer_sees_it(section, key, template, message):
    with pytest.raises(ConfigError) as error:
        parse_config({"business": dict(SHOP), section: {key: template}})
    assert message in str(error.value)


@pytest.mark.parametrize("web, message", [
    ({"tls_certificate": "/etc/textback/tls/admin.crt"}, "web.tls_key: missing"),
    ({"tls_key": "/etc/textback/tls/admin.key"}, "web.tls_certificate: missing"),
])
def test_https_needs_both_the_certificate_and_its_key(web, message):
    with pytest.raises(ConfigError, match=message):
        parse_config({"business": dict(SHOP), "web": web})


def test_https_is_off_unless_both_files_are_named():
    assert parse_config({"business": dict(SHOP)}).web.tls_certificate == ""
    both = {"tls_certificate": "/etc/textback/tls/admin.crt", "tls_key": "/etc/textback/tls/admin.key"}
    assert parse_config({"business": dict(SHOP), "web": both}).web.tls_key == "/etc/textback/tls/admin.key"
