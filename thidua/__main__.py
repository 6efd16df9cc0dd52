"""`thidua` console script (also `python -m thidua` and `manage.py`): Django's management commands plus
`thidua demo` and `thidua eligibility FILE` (DESIGN.md §4.1)."""

import os
import sys

WEB_COMMANDS = {"runserver", "demo", "testserver"}


def main(argv=None):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv if argv is None else argv)
    argv[0] = "thidua"
    if len(argv) > 1 and argv[1] not in WEB_COMMANDS:
        # Batch work (imports, backups, migrations, reminders): the web's statement/lock timeouts do not apply
        # (settings.py: THIDUA_DB_COMMAND_* instead of THIDUA_DB_*).
        os.environ.setdefault("THIDUA_PROCESS", "command")
    execute_from_command_line(argv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
