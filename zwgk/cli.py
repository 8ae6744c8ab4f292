"""The `zwgk` console script: Django's manage.py, with the hyphenated command names of API.md."""

import os
import sys

# API.md's commands, then the README's, under the names those documents use; `zwgk --help`
# lists them first (issue 20 item 10), Django's own after them.
PRIMARY_COMMANDS = (
    "load-demo",
    "serve",
    "api-token",
    "import-documents",
    "calendar",
    "workplan",
    "monitor",
    "migrate",
    "shell",
    "search",
    "scheduler",
    "db_worker",
    "demo-sites",
)


def _module_name(command: str) -> str:
    return command.replace("-", "_")


def _help_text() -> str:
    import django
    from django.core.management import get_commands, load_command_class

    django.setup()
    commands = get_commands()
    lines = ["用法 Usage: zwgk <command> [options]   （zwgk help <command> 查看某个命令的说明）", ""]
    lines.append("平台命令 Platform commands (API.md, README):")
    primary = [c for c in PRIMARY_COMMANDS if _module_name(c) in commands]
    for name in primary:
        help_text = load_command_class(commands[_module_name(name)], _module_name(name)).help
        first = " ".join(str(help_text).split())[:90]
        lines.append(f"  {name:<18} {first}")
    others = sorted(set(commands) - {_module_name(c) for c in primary})
    lines += ["", "其他命令 Other commands (Django and apps):"]
    for start in range(0, len(others), 4):
        lines.append("  " + "  ".join(f"{c:<28}" for c in others[start : start + 4]).rstrip())
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if len(argv) == 1 or (len(argv) == 2 and argv[1] in ("help", "--help", "-h")):
        print(_help_text())
        return 0
    # API.md names commands `load-demo`, `api-token`, `import-documents`; Django modules cannot.
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = _module_name(argv[1])
    if len(argv) > 2 and argv[1] == "help":
        argv[2] = _module_name(argv[2])
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
