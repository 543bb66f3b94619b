"""namro settings: one module, driven by environment variables.

SQLite under var/ unless DATABASE_URL names another database.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("NAMRO_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("NAMRO_DEBUG", False)
SECRET_KEY = os.environ.get("NAMRO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and env_bool("NAMRO_REQUIRE_SECRET", False):
        raise RuntimeError("NAMRO_SECRET_KEY must be set in production")
    SECRET_KEY = "namro-insecure-development-key-change-me"

ALLOWED_HOSTS = [
    h for h in os.environ.get("NAMRO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h
]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("NAMRO_CSRF_TRUSTED_ORIGINS", "").split(",") if o]
# Served over HTTPS (behind a reverse proxy, see docs/deployment.md): cookies go over TLS only.
# The scheme itself comes from the proxy's X-Forwarded-Proto, which gunicorn trusts from
# loopback (its forwarded_allow_ips).
NAMRO_HTTPS = env_bool("NAMRO_HTTPS", False)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = NAMRO_HTTPS

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "ninja",  # serves Swagger UI's assets from the package, not a CDN
    "namro.core",
    "namro.web",
    "namro.demo",
    "namro.access",
    "namro.audit",
    "namro.orgs",
    "namro.documents",
    "namro.tasks",
    "namro.programs",
    "namro.oversight",
    "namro.insights",
    "namro.intake",
    "namro.workdays",
    "namro.reports",
]

MIDDLEWARE = [
    "namro.core.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "namro.core.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "namro.urls"
WSGI_APPLICATION = "namro.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "namro" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "namro.web.navigation.navigation",
            ],
        },
    }
]

DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'namro.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and not env_bool(
    "NAMRO_PG_JIT", False
):
    # The pages' big queries (status as of a date, over a subtree) cost enough for PostgreSQL
    # to compile them with LLVM on every request, which costs more than it saves: see
    # docs/benchmarks.md ("PostgreSQL JIT"). NAMRO_PG_JIT=1 leaves it to the server.
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = f"{options.get('options', '')} -c jit=off".strip()

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = ["namro.access.lockout.LockoutModelBackend"]
# Login protection: this many failures for one username from one address within the window
# lock that pair out until the window has passed.
NAMRO_LOGIN_MAX_FAILURES = int(os.environ.get("NAMRO_LOGIN_MAX_FAILURES", 5))
NAMRO_LOGIN_LOCKOUT_SECONDS = int(os.environ.get("NAMRO_LOGIN_LOCKOUT_SECONDS", 15 * 60))

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
# Each app keeps its own catalogue in <app>/locale.
LOCALE_PATHS: list[Path] = []
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "namro" / "static"]
# WhiteNoise reads STATIC_ROOT when the application starts; `namro serve` fills it.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "media/"
MEDIA_ROOT = VAR_DIR / "media"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
SESSION_COOKIE_AGE = int(os.environ.get("NAMRO_SESSION_SECONDS", 8 * 3600))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# A fast-entry table of a long programme posts many fields at once.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20_000

# Domain settings.
NAMRO_DUE_SOON_DAYS = int(os.environ.get("NAMRO_DUE_SOON_DAYS", 7))
# The entry clock: working days to enter a received document's tasks, more for a long one.
NAMRO_ENTRY_DAYS = int(os.environ.get("NAMRO_ENTRY_DAYS", 1))
NAMRO_ENTRY_DAYS_MANY = int(os.environ.get("NAMRO_ENTRY_DAYS_MANY", 2))
NAMRO_ENTRY_MANY_TASKS = int(os.environ.get("NAMRO_ENTRY_MANY_TASKS", 20))
NAMRO_UPLOAD_MAX_BYTES = int(os.environ.get("NAMRO_UPLOAD_MAX_BYTES", 10 * 1024 * 1024))
NAMRO_EVIDENCE_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".txt": "text/plain",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("NAMRO_LOG_LEVEL", "WARNING")},
}
