import pytest

from wijkkompas.core import pdf


def test_only_the_apps_own_static_files_are_fetched():
    local = pdf._static_file_uri("file:///static/css/wijkkompas.css")
    assert local.startswith("file:///") and local.endswith("/static/css/wijkkompas.css")
    for url in (
        "https://example.com/x.css",
        "file:///etc/hostname",
        "file:///static/css/does-not-exist.css",
    ):
        with pytest.raises(ValueError, match="only the app's own static files"):
            pdf._static_file_uri(url)


def test_a_pdf_uses_our_stylesheet_and_skips_the_network(tmp_path, settings):
    (tmp_path / "doc.html").write_text(
        '<html><head><link rel="stylesheet" href="/static/css/wijkkompas.css">'
        '<link rel="stylesheet" href="https://example.com/x.css"></head><body>Hallo</body></html>'
    )
    settings.TEMPLATES = [
        {"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [tmp_path]}
    ]
    assert pdf.render_pdf("doc.html", {}).startswith(b"%PDF")
