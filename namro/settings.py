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


# "production" makes the settings strict (see docs/deployment.md); anything else is development.
NAMRO_ENV = os.environ.get("NAMRO_ENV", "development").strip().lower()
DEBUG = env_bool("NAMRO_DEBUG", False)
PRODUCTION = NAMRO_ENV == "production"
DEVELOPMENT_SECRET = "namro-insecure-development-key-change-me"
SECRET_KEY = os.environ.get("NAMRO_SECRET_KEY", "")
if PRODUCTION and (len(SECRET_KEY) < 50 or SECRET_KEY == DEVELOPMENT_SECRET):
    raise RuntimeError(
        "NAMRO_ENV=production: set NAMRO_SECRET_KEY to a secret of at least 50 characters "
        "of its own (python3 -c 'import secrets; print(secrets.token_urlsafe(64))')"
    )
if not SECRET_KEY:
    if not DEBUG and env_bool("NAMRO_REQUIRE_SECRET", False):
        raise RuntimeError("NAMRO_SECRET_KEY must be set in production")
    SECRET_KEY = DEVELOPMENT_SECRET

if PRODUCTION and not os.environ.get("NAMRO_ALLOWED_HOSTS", "").strip():
    raise RuntimeError("NAMRO_ENV=production: set NAMRO_ALLOWED_HOSTS to the site's host names")
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("NAMRO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("NAMRO_CSRF_TRUSTED_ORIGINS", "").split(",") if o]
# Served over HTTPS (behind a reverse proxy, see docs/deployment.md): cookies go over TLS only
# (production implies it). The scheme comes from the proxy's X-Forwarded-Proto.
NAMRO_HTTPS = env_bool("NAMRO_HTTPS", False)

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
    "django_otp",  # the second factor's devices are namro.access's (sealed secrets)
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
    "namro.reminders",
    "namro.inbox",
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
    "namro.core.middleware.ActorMiddleware",
    "namro.access.middleware.AdminAddressMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "namro.access.middleware.IdleTimeoutMiddleware",
    "namro.access.middleware.SignInStepsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "namro.core.security.SecurityHeadersMiddleware",
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

# Password policy (docs/security.md): a minimum length, Django's list of 20,000 common
# passwords (offline), no likeness to the username or name, not all digits; a change period
# (days, 0: none), counted from the last change (PasswordAge records it).
NAMRO_PASSWORD_MIN_LENGTH = int(os.environ.get("NAMRO_PASSWORD_MIN_LENGTH", 10))
NAMRO_PASSWORD_MAX_AGE_DAYS = int(os.environ.get("NAMRO_PASSWORD_MAX_AGE_DAYS", 90))
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": NAMRO_PASSWORD_MIN_LENGTH},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "namro.access.passwords.PasswordAge"},
]
# A password reset link lasts this long (seconds), and works once.
NAMRO_PASSWORD_RESET_SECONDS = int(os.environ.get("NAMRO_PASSWORD_RESET_SECONDS", 3600))
PASSWORD_RESET_TIMEOUT = NAMRO_PASSWORD_RESET_SECONDS
# Reset requests within the lockout window, per client address and per e-mail address.
NAMRO_PASSWORD_RESET_MAX = int(os.environ.get("NAMRO_PASSWORD_RESET_MAX", 5))
# Who must use a second factor (TOTP): "roles" (leaders, administrators, staff and
# superusers), "all", or "none". Anyone else may choose to.
NAMRO_OTP_REQUIRED = os.environ.get("NAMRO_OTP_REQUIRED", "roles").strip().lower()
if NAMRO_OTP_REQUIRED not in {"roles", "all", "none"}:
    raise RuntimeError("NAMRO_OTP_REQUIRED must be roles, all or none")
OTP_TOTP_ISSUER = os.environ.get("NAMRO_OTP_ISSUER", "namro")
# Recovery codes made at enrolment (each works once).
NAMRO_OTP_RECOVERY_CODES = int(os.environ.get("NAMRO_OTP_RECOVERY_CODES", 10))

AUTHENTICATION_BACKENDS = ["namro.access.lockout.LockoutModelBackend"]
# Login protection: this many failures for one username from one address within the window
# lock that pair out until the window has passed.
NAMRO_LOGIN_MAX_FAILURES = int(os.environ.get("NAMRO_LOGIN_MAX_FAILURES", 5))
NAMRO_LOGIN_LOCKOUT_SECONDS = int(os.environ.get("NAMRO_LOGIN_LOCKOUT_SECONDS", 15 * 60))
NAMRO_LOGIN_MAX_FAILURES_PER_ADDRESS = int(
    os.environ.get("NAMRO_LOGIN_MAX_FAILURES_PER_ADDRESS", 20)
)
NAMRO_LOGIN_MAX_FAILURES_PER_ACCOUNT = int(
    os.environ.get("NAMRO_LOGIN_MAX_FAILURES_PER_ACCOUNT", 50)
)
NAMRO_TOKEN_MAX_FAILURES = int(os.environ.get("NAMRO_TOKEN_MAX_FAILURES", 20))
# The reverse proxies whose client-address header is believed (addresses or networks), and
# that header; empty: no proxy, REMOTE_ADDR is the client.
NAMRO_TRUSTED_PROXIES = os.environ.get("NAMRO_TRUSTED_PROXIES", "")
NAMRO_CLIENT_IP_HEADER = os.environ.get("NAMRO_CLIENT_IP_HEADER", "X-Forwarded-For")
# The addresses the admin site answers (empty: any, outside production).
NAMRO_ADMIN_ADDRESSES = os.environ.get(
    "NAMRO_ADMIN_ADDRESSES", "127.0.0.1,::1" if PRODUCTION else ""
)
# A session idle this long ends (sign in again); 0 keeps it to the session's age.
NAMRO_IDLE_SECONDS = int(os.environ.get("NAMRO_IDLE_SECONDS", 30 * 60))
# API tokens: days a new token lasts (0: no expiry).
NAMRO_TOKEN_DAYS = int(os.environ.get("NAMRO_TOKEN_DAYS", 90))

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

# The audit chain's keys and seals live outside the database (see namro/audit/keys.py).
NAMRO_AUDIT_KEY_FILE = Path(os.environ.get("NAMRO_AUDIT_KEY_FILE", VAR_DIR / "audit.keys"))
NAMRO_AUDIT_SEAL_FILE = Path(os.environ.get("NAMRO_AUDIT_SEAL_FILE", VAR_DIR / "audit.seals"))
# The keys that seal the TOTP secrets live outside the database too (namro/access/sealing.py).
NAMRO_FACTOR_KEY_FILE = Path(os.environ.get("NAMRO_FACTOR_KEY_FILE", VAR_DIR / "factor.keys"))
# Chains the audit log spreads over on PostgreSQL, so that writers need not wait for each other.
NAMRO_AUDIT_CHAINS = int(os.environ.get("NAMRO_AUDIT_CHAINS", 16))

# Domain settings.
NAMRO_DUE_SOON_DAYS = int(os.environ.get("NAMRO_DUE_SOON_DAYS", 7))
# The entry clock: working days to enter a received document's tasks, more for a long one.
NAMRO_ENTRY_DAYS = int(os.environ.get("NAMRO_ENTRY_DAYS", 1))
NAMRO_ENTRY_DAYS_MANY = int(os.environ.get("NAMRO_ENTRY_DAYS_MANY", 2))
NAMRO_ENTRY_MANY_TASKS = int(os.environ.get("NAMRO_ENTRY_MANY_TASKS", 20))
NAMRO_UPLOAD_MAX_BYTES = int(os.environ.get("NAMRO_UPLOAD_MAX_BYTES", 10 * 1024 * 1024))
NAMRO_MAX_FILES_PER_REQUEST = int(os.environ.get("NAMRO_MAX_FILES_PER_REQUEST", 10))
NAMRO_EVIDENCE_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".txt": "text/plain",
}

# Security headers and cookies. Production turns them on; each can be set on its own.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True  # the pages send the token from the page, not from the cookie
SESSION_COOKIE_SECURE = env_bool("NAMRO_SECURE_COOKIES", PRODUCTION or NAMRO_HTTPS)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("NAMRO_SSL_REDIRECT", PRODUCTION)
SECURE_HSTS_SECONDS = int(os.environ.get("NAMRO_HSTS_SECONDS", 31_536_000 if PRODUCTION else 0))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("NAMRO_HSTS_SUBDOMAINS", PRODUCTION)
SECURE_HSTS_PRELOAD = env_bool("NAMRO_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Behind a reverse proxy that terminates TLS and sets X-Forwarded-Proto (docs/deployment.md).
if env_bool("NAMRO_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
if PRODUCTION:
    # The load balancer's health check asks over plain HTTP on the loopback.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SILENCED_SYSTEM_CHECKS = [
        # HSTS preload is a decision for the site's owner (NAMRO_HSTS_PRELOAD), not a default.
        "security.W021",
    ]

# Logs: JSON lines with the request id and the actor (production's default), or plain text.
LOG_FORMAT = os.environ.get("NAMRO_LOG_FORMAT", "json" if PRODUCTION else "text")
LOG_FILE = os.environ.get("NAMRO_LOG_FILE", "")
# Reminders: the daily sweep (namro worker, or namro reminders run from cron).
NAMRO_REMIND_DAYS = sorted(
    {int(d) for d in os.environ.get("NAMRO_REMIND_DAYS", "7,1").split(",") if d.strip()},
    reverse=True,
)
NAMRO_STALE_DAYS = int(os.environ.get("NAMRO_STALE_DAYS", 14))
NAMRO_ESCALATE_AFTER = int(os.environ.get("NAMRO_ESCALATE_AFTER", 3))
NAMRO_REMIND_ON_DAYS_OFF = env_bool("NAMRO_REMIND_ON_DAYS_OFF", False)
NAMRO_SWEEP_HOUR = int(os.environ.get("NAMRO_SWEEP_HOUR", 6))
# Absolute links in e-mail point here.
NAMRO_SITE_URL = os.environ.get("NAMRO_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# E-mail: SMTP when EMAIL_HOST is set; otherwise messages are written to the console (the log
# of the worker), so nothing is lost silently and nothing leaves the machine unasked.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", 25))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", 30))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "namro <namro@localhost>")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"context": {"()": "namro.core.logs.RequestContext"}},
    "formatters": {
        "json": {"()": "namro.core.logs.JsonLines"},
        "text": {
            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s %(actor)s] %(message)s"
        },
    },
    "handlers": {
        "main": {
            "class": "logging.FileHandler" if LOG_FILE else "logging.StreamHandler",
            **({"filename": LOG_FILE} if LOG_FILE else {}),
            "formatter": "json" if LOG_FORMAT == "json" else "text",
            "filters": ["context"],
        }
    },
    "root": {"handlers": ["main"], "level": os.environ.get("NAMRO_LOG_LEVEL", "WARNING")},
}
