"""Scoring labelled cases, and the `eval` / `qualify` commands in rules mode."""
import argparse
import io
import json

import pytest

from appliance.brain import cli
from appliance.brain.evaluation import Case, case_outcome, load_cases
from appliance.brain.lead import Address, Lead

CASES = [
    {"id": "t-1", "trade": "plumbing", "business": "P", "messages": ["STOP"],
     "expect": {"intent": ["not_a_lead"], "urgency": ["low"], "escalate": False, "opt_out": True}},
    {"id": "t-2", "trade": "plumbing", "business": "P",
     "messages": ["pipe burst in the basement, water everywhere", "Nora Kline, 50 Elm St, Waco"],
     "expect": {"intent": ["emergency_repair"], "urgency": ["emergency"], "escalate": True, "name": "Nora Kline",
                "address": ["50 Elm", "Waco"], "service": ["pipe", "burst"]}},
]


def test_scores_follow_the_readme_definitions():
    case = Case("x", "hvac", "B", ["..."], {"intent": ["service_request"], "urgency": ["normal"], "escalate": False,
                                            "name": "Jo Ann", "address": ["12", "Oak"], "service": ["furnace"]})
    good = Lead(intent="service_request", urgency="normal", name="jo-ann", address=Address(text="12 Oak St, Reno"),
                service="Furnace repair")
    assert all(v in (True, None) for k, v in case_outcome(case, good).items() if not k.startswith("false"))
    bad = Lead(intent="quote_request", escalate=True, name="Jo", address=Address(text="12 Elm St"), service="AC")
    outcome = case_outcome(case, bad)
    assert outcome["intent"] is False and outcome["name"] is False and outcome["address"] is False
    assert outcome["service"] is False and outcome["escalate_predicted"] is False


def test_a_malformed_case_file_names_the_line(tmp_path):
    path = tmp_path / "cases.jsonl"
    path.write_text(json.dumps(CASES[0]) + "\n{not json\n")
    with pytest.raises(ValueError, match="cases.jsonl:2"):
        load_cases(path)


def test_eval_command_prints_every_required_score(tmp_path, capsys):
    path = tmp_path / "cases.jsonl"
    path.write_text("\n".join(json.dumps(c) for c in CASES))
    args = argparse.Namespace(cases=str(path), json=True, mode="rules", model="smollm2", data_dir=str(tmp_path),
                              timeout=1.0, corrections=None, no_classifier=False)
    assert cli.cmd_eval(args) == 0
    summary = json.loads(capsys.readouterr().out)
    for key in ("n", "intent_accuracy", "urgency_accuracy", "escalate_recall", "escalate_precision", "name_accuracy",
                "address_accuracy", "service_accuracy", "opt_out_accuracy", "false_name_rate", "false_address_rate",
                "latency_ms_p50", "latency_ms_p95", "model"):
        assert key in summary
    assert summary["n"] == 2 and summary["escalate_recall"] == 1.0 and summary["opt_out_accuracy"] == 1.0


def test_eval_command_reports_a_missing_file(tmp_path, capsys):
    args = argparse.Namespace(cases=str(tmp_path / "nope.jsonl"), json=True, mode="rules", model="smollm2",
                              data_dir=str(tmp_path), timeout=1.0, corrections=None, no_classifier=False)
    assert cli.cmd_eval(args) == 2
    assert "nope.jsonl" in capsys.readouterr().err


def test_qualify_command_reads_stdin_lines(monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("my AC is blowing warm air\nthis is Ken, 44 Palm Dr, Mesa\n"))
    args = argparse.Namespace(mode="rules", model="smollm2", data_dir="var", timeout=1.0, corrections=None, no_classifier=False,
                              trade="hvac", business="Desert Cool")
    assert cli.cmd_qualify(args) == 0
    lead = json.loads(capsys.readouterr().out)
    assert lead["name"] == "Ken" and "44 Palm Dr" in lead["address"]["text"] and "AC" in lead["service"]
