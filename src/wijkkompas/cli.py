"""The ``wijkkompas`` command.

``wijkkompas demo`` and ``wijkkompas serve`` are the two jobs a user starts by name;
``wijkkompas manage …`` passes through to Django's management commands; any other first word is
a management command of one of our apps (``wijkkompas knowledge load`` = ``manage knowledge
load``), so every app adds its CLI as a management command without touching this file.

Whatever goes wrong ends as one Dutch line on stderr and a non-zero exit, never a traceback
(``--traceback`` shows it for a developer): the command's own ``CommandError`` as written, any
other exception described in a sentence.
"""

import os
import sys

import yaml
from django.core.management import CommandError, execute_from_command_line


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
            "  attention digest [--user NAAM]  per e-mail wat elke gebruiker aandacht vraagt\n"
        )
        return
    if args[0] == "manage":
        args = args[1:]
    developer = "--traceback" in args
    if args and not args[0].startswith("-") and args[0] != "help":
        # Django then hands every error to us instead of printing "CommandError: …" itself.
        # Right after the command's name, before any sub-command's own arguments.
        args = [args[0], "--traceback", *(a for a in args[1:] if a != "--traceback")]
    try:
        execute_from_command_line(["wijkkompas", *args])
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:
        if developer:
            raise
        sys.stderr.write(f"Fout: {describe(exc)}\n")
        sys.exit(exc.returncode if isinstance(exc, CommandError) else 1)


def describe(exc: BaseException) -> str:
    """An error as one Dutch line for someone running a command."""
    if isinstance(exc, CommandError):
        return " ".join(str(exc).split("\n"))
    if isinstance(exc, UnicodeDecodeError):
        return "het bestand is geen UTF-8-tekst; sla het op als UTF-8 en probeer opnieuw."
    if isinstance(exc, RecursionError):
        return "de invoer is te diep genest om te lezen."
    if isinstance(exc, yaml.YAMLError):
        return f"het YAML-bestand kon niet worden gelezen: {' '.join(str(exc).split())}"
    if isinstance(exc, OSError):
        return f"{exc.filename or 'bestand'}: {exc.strerror or exc}."
    if isinstance(exc, MemoryError):
        return "de invoer is te groot om te verwerken."
    return (
        f"onverwachte fout ({type(exc).__name__}: {exc}). "
        "Start de opdracht met --traceback voor de details."
    )


if __name__ == "__main__":
    main()
