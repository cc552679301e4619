"""Wijkkompas settings: one module, every knob from the environment.

Defaults are safe for the demo (SQLite in ``./var``); ``WIJKKOMPAS_ENV=production`` switches on
the production hardening and refuses to start without a real ``SECRET_KEY``.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent
ENV = os.environ.get("WIJKKOMPAS_ENV", "demo").strip().lower()
if ENV not in {"demo", "production"}:
    raise ImproperlyConfigured("WIJKKOMPAS_ENV must be 'demo' or 'production'.")
PRODUCTION = ENV == "production"
DATA_DIR = Path(os.environ.get("WIJKKOMPAS_DATA_DIR", Path.cwd() / "var")).resolve()

_DEMO_SECRET = "demo-only-insecure-key-never-use-in-production-0123456789"  # noqa: S105
SECRET_KEY = os.environ.get("SECRET_KEY", "" if PRODUCTION else _DEMO_SECRET)
if PRODUCTION and (len(SECRET_KEY) < 50 or SECRET_KEY == _DEMO_SECRET):
    raise ImproperlyConfigured(
        "Production needs SECRET_KEY: a random value of at least 50 characters."
    )

DEBUG = os.environ.get("WIJKKOMPAS_DEBUG", "") == "1" and not PRODUCTION
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get(
        "ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver"
    ).split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]
# Proxies whose X-Forwarded-For (and X-Request-ID) are believed; passed on to gunicorn by
# ``wijkkompas serve``. "*" trusts every peer (only when nothing but the proxy can reach us).
FORWARDED_ALLOW_IPS = [
    ip.strip() for ip in os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1").split(",") if ip.strip()
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",
    "wijkkompas.core",
    "wijkkompas.accounts",
    "wijkkompas.knowledge",
    "wijkkompas.dossiers",
    "wijkkompas.areas",
    "wijkkompas.barriers",
    "wijkkompas.signals",
    "wijkkompas.programmes",
    "wijkkompas.fieldwork",
    "wijkkompas.surveys",
    "wijkkompas.plans",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "wijkkompas.accounts.middleware.AuditContextMiddleware",
    "wijkkompas.accounts.middleware.LoginRequiredMiddleware",
    "wijkkompas.accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "wijkkompas.urls"
WSGI_APPLICATION = "wijkkompas.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:start"
LOGOUT_REDIRECT_URL = "accounts:login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "wijkkompas.accounts.context_processors.shell",
            ],
        },
    },
]

# --- Database: SQLite (WAL) in the data folder by default, PostgreSQL via DATABASE_URL.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    # Persistent connections in production; per-request connections elsewhere (tests and their
    # live-server threads must not keep the test database open).
    _conn_max_age = int(os.environ.get("WIJKKOMPAS_DB_CONN_MAX_AGE", "60" if PRODUCTION else "0"))
    # Health checks: a persistent connection the database dropped (a restart) is noticed and
    # replaced on the next request instead of failing it.
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=_conn_max_age, conn_health_checks=True
        )
    }
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "wijkkompas.sqlite3",
            "OPTIONS": {
                # secure_delete: deleted and overwritten text is zeroed in the file, not left in
                # free pages (retention must leave nothing behind; not every SQLite build has it on).
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA busy_timeout=5000; PRAGMA secure_delete=ON;",
                "transaction_mode": "IMMEDIATE",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands")]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": DATA_DIR / "media"},
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
if not PRODUCTION:
    STATIC_ROOT.mkdir(
        parents=True, exist_ok=True
    )  # the demo serves from the finders until collectstatic

# --- Security baseline
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 3600
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
# Optional background map under the wijkbeeld map: an XYZ tile URL template with {z}/{x}/{y}
# (e.g. PDOK's BRT-Achtergrondkaart). Off by default, so nothing leaves the app; when set, the
# CSP allows images from that host only.
BACKGROUND_MAP_URL = os.environ.get("WIJKKOMPAS_BACKGROUND_MAP_URL", "").strip()
# Largest file the wijkbeeld import page accepts (a national Kerncijfers file is ~15 MB).
AREAS_MAX_UPLOAD_MB = int(os.environ.get("WIJKKOMPAS_MAX_UPLOAD_MB", "100"))
if BACKGROUND_MAP_URL:
    _tiles = urlsplit(BACKGROUND_MAP_URL)
    if _tiles.scheme not in {"https", "http"} or not _tiles.netloc or "{z}" not in _tiles.path:
        raise ImproperlyConfigured(
            "WIJKKOMPAS_BACKGROUND_MAP_URL must be an http(s) tile URL with {z}/{x}/{y}."
        )
    SECURE_CSP["img-src"].append(f"{_tiles.scheme}://{_tiles.netloc.replace('{s}', '*')}")
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "1") == "1"
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Login throttling: this many failures within the window lock the account for the window.
LOGIN_MAX_FAILURES = int(os.environ.get("WIJKKOMPAS_LOGIN_MAX_FAILURES", "5"))
LOGIN_LOCKOUT_MINUTES = int(os.environ.get("WIJKKOMPAS_LOGIN_LOCKOUT_MINUTES", "15"))
# TOTP is required in production for roles that can see person-related data; optional in the demo.
TOTP_REQUIRED = os.environ.get("WIJKKOMPAS_TOTP_REQUIRED", "1" if PRODUCTION else "0") == "1"
TOTP_ISSUER = "Wijkkompas"

# Key of the audit trail's hash chain (accounts.audit_chain). Kept apart from SECRET_KEY when set,
# so rotating SECRET_KEY does not make the existing trail unverifiable.
AUDIT_CHAIN_KEY = os.environ.get("WIJKKOMPAS_AUDIT_KEY", "") or SECRET_KEY
# PostgreSQL: the login role the application runs as. ``migrate`` (run as the owner role) grants
# it what it needs, and only INSERT and SELECT on the audit trail (accounts.db_roles).
DB_APP_ROLE = os.environ.get("WIJKKOMPAS_DB_APP_ROLE", "")

# Aggregates: cells under this count are shown as "<N" (DESIGN.md §3).
SUPPRESSION_THRESHOLD = int(os.environ.get("WIJKKOMPAS_SUPPRESSION_THRESHOLD", "5"))
# Key for person fields encrypted at rest (signals). Demo derives one from SECRET_KEY.
FIELD_ENCRYPTION_KEY = os.environ.get("WIJKKOMPAS_FIELD_KEY", "")
if PRODUCTION and not FIELD_ENCRYPTION_KEY:
    raise ImproperlyConfigured(
        "Production needs WIJKKOMPAS_FIELD_KEY (a Fernet key) for person data."
    )

# ``wijkkompas serve`` (gunicorn): the defaults of its --port, --host and --workers options.
SERVE_PORT = int(os.environ.get("PORT", "8000"))
SERVE_HOST = os.environ.get("WIJKKOMPAS_HOST", "127.0.0.1")
SERVE_WORKERS = int(os.environ.get("WEB_CONCURRENCY", "2"))
# The Kennisbank's content folder (YAML/Markdown) loaded by the demo.
KNOWLEDGE_CONTENT_DIR = Path(
    os.environ.get("WIJKKOMPAS_CONTENT_DIR", BASE_DIR.parents[1] / "content")
).resolve()

DEMO_PASSWORD = "Wijkkompas-demo-2026"  # noqa: S105 - documented demo password, refused in production

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"client_errors": {"()": "wijkkompas.core.logging.ClientErrorsOnOneLine"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["client_errors"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("WIJKKOMPAS_LOG_LEVEL", "WARNING")},
    # runserver's request log through the same filter (no query strings in the log).
    "loggers": {"django.server": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}
