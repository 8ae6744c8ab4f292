"""Issue 20 item 10: `zwgk --help` lists the commands of API.md and the README first, under the
names those documents use; the README's links stay inside the repository; a quiet scheduler."""

from __future__ import annotations

import re
from io import StringIO
from pathlib import Path

from django.core.management import call_command

from zwgk import cli

ROOT = Path(__file__).resolve().parents[2]


def test_help_lists_the_documented_commands_first(capsys):
    assert cli.main(["zwgk", "--help"]) == 0
    out = capsys.readouterr().out
    platform = out[out.index("平台命令") : out.index("其他命令")].splitlines()[1:]
    listed = [line.split()[0] for line in platform if line.strip()]
    documented = [c for c in cli.PRIMARY_COMMANDS if f"  {c} " in out]
    assert {"load-demo", "serve", "api-token", "import-documents", "calendar", "monitor"} <= set(listed)
    assert listed[: len(documented)] == documented
    assert out.index("load-demo") < out.index("migrate") < out.index("changepassword")
    assert "load_demo" not in out and "api_token" not in out  # only the documented spelling


def test_the_hyphenated_names_run_the_commands(capsys):
    assert cli.main(["zwgk", "help", "load-demo"]) == 0
    assert "load_demo" in capsys.readouterr().out


def test_readme_links_point_inside_the_repository():
    text = (ROOT / "README.md").read_text()
    assert "../" not in text
    for target in re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", text):
        if re.match(r"[a-z]+://", target):
            continue
        assert (ROOT / target).resolve().is_relative_to(ROOT) and (ROOT / target).exists(), target


def test_the_scheduler_does_not_print_a_line_per_job(db):
    out = StringIO()
    call_command("scheduler", "--once", stdout=out)
    assert "已排队" not in out.getvalue()
