import pytest

from appliance.config import ConfigError, find_config_path, load_config, parse_config
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
