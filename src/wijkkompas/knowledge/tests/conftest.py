import shutil
from pathlib import Path

import pytest

from wijkkompas.knowledge import loader

FIXTURE_CONTENT = Path(__file__).resolve().parent / "content"
REAL_CONTENT = Path(__file__).resolve().parents[4] / "content"


@pytest.fixture
def content_dir(tmp_path) -> Path:
    """A writable copy of the small fixture content."""
    target = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, target)
    return target


@pytest.fixture
def loaded(db, content_dir) -> Path:
    loader.load(content_dir)
    return content_dir


@pytest.fixture
def real_content(db):
    return loader.load(REAL_CONTENT)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """The demo users are hashed with Argon2 in production settings; tests need no strong hash."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
