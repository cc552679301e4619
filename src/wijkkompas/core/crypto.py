"""Field encryption at rest (Fernet). The key comes from WIJKKOMPAS_FIELD_KEY; the demo derives
one from SECRET_KEY so it works out of the box (production refuses to start without a key)."""

import base64
import hashlib
from functools import cache

from cryptography.fernet import Fernet
from django.conf import settings


@cache
def _fernet() -> Fernet:
    key = settings.FIELD_ENCRYPTION_KEY
    if not key:
        key = base64.urlsafe_b64encode(
            hashlib.sha256(settings.SECRET_KEY.encode()).digest()
        ).decode()
    return Fernet(key.encode())


def encrypt(plaintext: str) -> str:
    return _fernet().encrypt(plaintext.encode()).decode()


def decrypt(token: str) -> str:
    return _fernet().decrypt(token.encode()).decode()
