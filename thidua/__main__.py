"""`thidua` console script (also `python -m thidua` and `manage.py`): Django's management commands plus
`thidua demo` and `thidua eligibility FILE` (DESIGN.md §4.1)."""

import os
import sys


def main(argv=None):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv if argv is None else argv)
    argv[0] = "thidua"
    execute_from_command_line(argv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
