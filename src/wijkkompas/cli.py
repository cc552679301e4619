"""The ``wijkkompas`` command.

``wijkkompas demo`` and ``wijkkompas serve`` are the two jobs a user starts by name;
``wijkkompas manage …`` passes through to Django's management commands; any other first word is
a management command of one of our apps (``wijkkompas knowledge load`` = ``manage knowledge
load``), so every app adds its CLI as a management command without touching this file.
"""

import os
import sys

from django.core.management import execute_from_command_line


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wijkkompas.settings")
    if not args or args[0] in {"-h", "--help", "help"}:
        print(
            "Gebruik: wijkkompas <opdracht> [opties]\n\n"
            "  demo [--no-serve] [--port N]   demo-omgeving klaarzetten en starten\n"
            "  serve [--port N]               een bestaande installatie serveren\n"
            "  manage <commando> …            Django-beheercommando's (bijv. manage api_token GEBRUIKER)\n"
            "  knowledge | areas | barriers | retention …  opdrachten per module (--help voor details)\n"
        )
        return
    if args[0] == "manage":
        args = args[1:]
    execute_from_command_line(["wijkkompas", *args])


if __name__ == "__main__":
    main()
