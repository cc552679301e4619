"""Django's ``flush`` (wipe every table), aware of the append-only audit trigger: wiping the whole
database is the one operation that may remove audit rows, so the trigger is lifted for it and put
back. The test runner uses this between transactional tests. In accounts, beside the trigger."""

from django.core.management.commands.flush import Command as DjangoFlush
from django.db import connections

from wijkkompas.accounts import db_triggers


class Command(DjangoFlush):
    def handle(self, **options):
        connection = connections[options["database"]]
        db_triggers.remove(connection)
        try:
            return super().handle(**options)
        finally:
            db_triggers.install(connection)
