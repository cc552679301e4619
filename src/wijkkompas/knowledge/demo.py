"""Demo: load the Kennisbank from ``content/`` (the same loader as ``wijkkompas knowledge load``);
the directory is ``settings.KNOWLEDGE_CONTENT_DIR`` (``WIJKKOMPAS_CONTENT_DIR``)."""

from django.conf import settings

from wijkkompas.knowledge import loader


def load(stdout=None) -> None:
    """Load the content; on invalid content print every error and go on with the rest of the demo
    (the other modules still work, the Kennisbank keeps what it had)."""
    try:
        report = loader.load(settings.KNOWLEDGE_CONTENT_DIR)
    except loader.ContentError as exc:
        if stdout:
            stdout.write("Kennisbank NIET geladen; de content-bestanden bevatten fouten:")
            for error in exc.errors[:50]:
                stdout.write(f"  - {error}")
        return
    if stdout:
        stdout.write("Kennisbank geladen. " + report.summary())
