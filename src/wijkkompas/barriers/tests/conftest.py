import pytest

from wijkkompas.barriers import services
from wijkkompas.barriers.tests.factories import build_small_model


@pytest.fixture
def templates(db):
    return {m.template_key: m for m in services.load_templates()}


@pytest.fixture
def small_model(demo):
    return build_small_model(demo["oov"])


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The demo fixture sets ten passwords; Argon2 makes that the slowest part of these tests."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
