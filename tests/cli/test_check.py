"""``poise check``: the command-line contract other tools depend on."""

import json
from pathlib import Path

from typer.testing import CliRunner

from poise.cli.main import app

runner = CliRunner()


def run(*args: str, stdin: str | bytes | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, ["check", *args], input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_a_harmless_post_passes_with_exit_status_0() -> None:
    status, out, _ = run(
        "--json", "--lang", "en", "Our autumn menu is here. Come and taste it this weekend."
    )
    assert status == 0
    assert json.loads(out)["verdict"] == "pass"


def test_an_alarmist_post_needs_review_with_exit_status_1() -> None:
    status, out, _ = run("--json", "ALERT - fire alarms going off at our store 🚨")
    result = json.loads(out)
    assert status == 1
    assert result["verdict"] == "review"
    alarm = [f for f in result["findings"] if f["check"] == "alarm"]
    assert alarm and alarm[0]["span"]["start"] == 0 and alarm[0]["span"]["end"] == 5


def test_the_text_can_come_from_standard_input() -> None:
    status, out, _ = run("--json", stdin="ALERTE - les alarmes se déclenchent 🚨")
    assert status == 1
    assert json.loads(out)["language"] == "fr"


def test_messages_come_in_the_readers_language() -> None:
    _, out, _ = run("--json", "--ui-lang", "ja", "ALERT - fire alarms going off 🚨")
    messages = " ".join(f["message"] for f in json.loads(out)["findings"])
    assert any("\u3040" <= char <= "\u30ff" for char in messages)


def test_a_batch_answers_one_line_per_draft_in_order(tmp_path: Path) -> None:
    batch = tmp_path / "drafts.jsonl"
    lines = [
        {"id": "a", "text": "Thank you for a wonderful season, see you next spring!", "lang": "en"},
        {
            "id": "b",
            "text": "Our new collection is here 🎉",
            "lang": "en",
            "at": "2026-12-07T09:00:00-05:00",
            "country": "US",
            "extra": "ignored",
        },
        {
            "id": 3,
            "text": "Boston, our hearts are with you. Here's a breakfast bowl we could all use today.",
            "events": [
                {
                    "title": "Boston Marathon bombing",
                    "category": "terror",
                    "regions": ["US"],
                    "start": "2026-04-15T14:49:00-04:00",
                    "end": None,
                    "keywords": ["Boston", "marathon"],
                    "involves_brand": False,
                }
            ],
            "at": "2026-04-16T07:45:00-04:00",
            "country": ["US"],
        },
    ]
    batch.write_text("\n".join(json.dumps(line) for line in lines) + "\n", "utf-8")
    status, out, _ = run("--batch", str(batch))
    results = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in results] == ["a", "b", 3]
    assert results[0]["verdict"] == "pass"
    assert results[2]["verdict"] in ("review", "block")
    assert set(results[2]["findings"][0]) == {"check", "severity", "message", "span", "suggestion"}
    assert status == 1


def test_a_batch_can_come_from_standard_input() -> None:
    status, out, _ = run(
        "--batch", "-", stdin='{"text": "Merci à tous, à demain !", "lang": "fr"}\n'
    )
    assert status == 0
    assert json.loads(out)["id"] is None


def test_bad_lines_are_all_named_and_nothing_is_reviewed(tmp_path: Path) -> None:
    batch = tmp_path / "drafts.jsonl"
    batch.write_bytes(
        b'{"text": "fine"}\n'
        b'{"text": 42}\n'
        b"not json\n"
        b'{"text": "caf\xe9"}\n'
        b'{"text": "x", "network": "myspace"}\n'
        b'{"text": "x", "at": "yesterday"}\n'
        b'{"text": "x", "events": [{"title": "Storm", "category": "weather", "start": "2026-01-01T00:00:00Z"}]}\n'
    )
    status, out, err = run("--batch", str(batch))
    assert status == 2
    assert out == ""
    assert "line 2: text: give the post's text as a string" in err
    assert "line 3: not valid JSON" in err
    assert "line 4: not valid UTF-8 at byte 13; save the file as UTF-8" in err
    assert "line 5: network: unknown network 'myspace'" in err
    assert "line 6: at: 'yesterday' is not an ISO-8601 date and time" in err
    assert "line 7: events[0].category: 'weather' is not one of terror" in err
    assert "line 1:" not in err


def test_an_oversized_post_is_refused_with_the_limit() -> None:
    status, _, err = run("x" * 100_001)
    assert status == 2
    assert "100,001 characters; Poise reviews posts up to 100,000" in err


def test_an_events_file_and_an_account_profile_shape_the_review(tmp_path: Path) -> None:
    events = tmp_path / "events.json"
    events.write_text(
        json.dumps(
            [
                {
                    "title": "Scandal at the brand",
                    "category": "scandal",
                    "regions": [],
                    "start": "2026-03-01T00:00:00Z",
                    "end": None,
                    "keywords": ["recall"],
                    "involves_brand": True,
                }
            ]
        )
    )
    status, out, _ = run(
        "--json",
        "--events",
        str(events),
        "--at",
        "2026-03-02T10:00:00Z",
        "Lol, Monday again 😂 who needs coffee?",
    )
    assert status == 1
    assert json.loads(out)["verdict"] == "block"


def test_unreadable_option_files_are_explained(tmp_path: Path) -> None:
    bad = tmp_path / "events.json"
    bad.write_text("[{")
    status, _, err = run("--events", str(bad), "hello")
    assert status == 2
    assert "--events" in err and "not valid JSON" in err
    status, _, err = run("--account-profile", str(tmp_path / "none.txt"), "hello")
    assert status == 2 and "cannot read it" in err


def test_the_report_shows_the_verdict_and_the_suggestion() -> None:
    status, out, _ = run("--ui-lang", "fr", "ALERT - fire alarms going off 🚨")
    assert status == 1
    assert "Deuxième avis nécessaire" in out or "second" not in out


def test_a_bad_setting_stops_poise_with_the_fix() -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "POISE_LANGUAGES": "en,de"}
    done = subprocess.run(
        [sys.executable, "-m", "poise", "check", "hello"], env=env, capture_output=True, text=True
    )
    assert done.returncode == 2
    assert "POISE_LANGUAGES: unsupported language de" in done.stderr
