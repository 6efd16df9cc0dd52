"""`makemessages` that also extracts `_l(...)` (the `gettext_lazy as _l` alias used next to `gettext as _`)."""

from django.core.management.commands.makemessages import Command as MakeMessagesCommand


class Command(MakeMessagesCommand):
    xgettext_options = [*MakeMessagesCommand.xgettext_options, "--keyword=_l"]
