"""One settings module, driven by environment variables (README: Configuration).

Embedded default: SQLite in WAL mode and local media under ZWGK_DATA_DIR (./var).
At scale: DATABASE_URL=postgres://…, ZWGK_CACHE_URL=redis://…, several web servers and workers.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [v.strip() for v in os.environ.get(name, default).split(",") if v.strip()]


DATA_DIR = Path(os.environ.get("ZWGK_DATA_DIR", BASE_DIR / "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("ZWGK_DEBUG")
DEMO_MODE = env_bool("ZWGK_DEMO")
# `make bench-load` only: a bare "hello" view at /bench/hello/, the baseline of its page figures.
BENCH_HELLO = env_bool("ZWGK_BENCH_HELLO")


def _secret_key() -> str:
    key = os.environ.get("ZWGK_SECRET_KEY")
    if key:
        return key
    # Without a configured key, keep a random one in the data dir so sessions survive restarts
    # and nothing secret is ever committed.
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ZWGK_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("ZWGK_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "axes",
    "ninja",
    # Before django_tasks_db: zwgk.core's `db_worker` (heartbeat, stale-claim recovery) wins.
    "zwgk.core",
    "django_tasks",
    "django_tasks_db",
    "zwgk.organizations",
    "zwgk.api",
    "zwgk.portal",
    "zwgk.review",
    "zwgk.catalog",
    "zwgk.search",
    "zwgk.subscriptions",
    "zwgk.foi",
    "zwgk.casework",
    "zwgk.reports",
    "zwgk.monitoring",
    "zwgk.workplan",
    "zwgk.directory",
    "zwgk.knowledge",
    "zwgk.newmedia",
    "zwgk.services",
    "zwgk.registries",
    "zwgk.participation",
    "zwgk.backoffice",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "zwgk.core.security_headers.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "zwgk.core.request_checks.HostileInputMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "zwgk.backoffice.middleware.DomainErrorMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "zwgk" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "zwgk.core.context_processors.site",
                "zwgk.backoffice.context_processors.backoffice_menu",
            ],
        },
    },
]

# --- database -------------------------------------------------------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'zwgk.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets the web server read while the worker writes; IMMEDIATE avoids lock upgrades
        # that would fail under concurrent writers.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- cache (rate limits, calendar version) ---------------------------------------------------
CACHE_URL = os.environ.get("ZWGK_CACHE_URL", "")
if CACHE_URL.startswith("redis://"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}}
elif CACHE_URL == "locmem":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
elif CACHE_URL == "file":
    # Django's file cache, the embedded default before decision 0040 (kept for comparison).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(DATA_DIR / "cache"),
        }
    }
else:
    # Shared by the web servers and the worker on one machine: a SQLite file of its own, which
    # holds the page and search caches' thousands of entries (decision 0040).
    CACHES = {
        "default": {
            "BACKEND": "zwgk.core.sqlite_cache.SQLiteCache",
            "LOCATION": str(DATA_DIR / "cache.sqlite3"),
            "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("ZWGK_CACHE_MAX_ENTRIES", "50000"))},
        }
    }

# --- auth -----------------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "backoffice:login"
LOGIN_REDIRECT_URL = "backoffice:dashboard"
LOGOUT_REDIRECT_URL = "backoffice:login"
AXES_FAILURE_LIMIT = int(os.environ.get("ZWGK_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("ZWGK_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "backoffice/locked_out.html"
AXES_VERBOSE = False
# Staff API tokens expire (issue 21.7); `zwgk api-token USER --days N` overrides per token.
ZWGK_API_TOKEN_DAYS = int(os.environ.get("ZWGK_API_TOKEN_DAYS", "180"))
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("ZWGK_SECURE_COOKIES")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
# No page of the platform is framed, by itself or by anyone (CSP frame-ancestors 'none' too).
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
# Behind TLS (README "Configuration"): redirect plain HTTP and send HSTS. Off by default so
# `make demo` works on http://127.0.0.1; production sets them and `check --deploy` passes.
SECURE_SSL_REDIRECT = env_bool("ZWGK_SSL_REDIRECT")
SECURE_HSTS_SECONDS = int(os.environ.get("ZWGK_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("ZWGK_HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD = env_bool("ZWGK_HSTS_PRELOAD")
# A TLS-terminating proxy tells Django the original scheme in this header (only when it is set,
# since a client could send it itself).
if env_bool("ZWGK_BEHIND_TLS_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- i18n -----------------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "zwgk" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- files ----------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
# A deployment's own emblem, 党政机关网站 mark and favicon: files at the placeholders' paths
# (portal/img/emblem.svg, portal/img/dzjg-mark.svg, portal/favicon.svg, portal/favicon.ico) in
# this directory win over the app's, the file-system finder coming first (decision 0018).
STATICFILES_DIRS = [os.environ["ZWGK_BRANDING_DIR"]] if os.environ.get("ZWGK_BRANDING_DIR") else []
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("ZWGK_MEDIA_DIR", DATA_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "zwgk.core.storage.MediaStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
ZWGK_UPLOAD_MAX_BYTES = int(os.environ.get("ZWGK_UPLOAD_MAX_BYTES", str(50 * 1024 * 1024)))

# --- background tasks -----------------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": os.environ.get("ZWGK_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# A db_worker beats every HEARTBEAT seconds; one silent for WORKER_STALE seconds is dead and its
# RUNNING task is queued again (core/task_claims.py). A claim by a worker without a heartbeat is
# taken back after CLAIM_TIMEOUT; a task whose worker died MAX_ATTEMPTS times fails.
ZWGK_TASK_HEARTBEAT_SECONDS = float(os.environ.get("ZWGK_TASK_HEARTBEAT_SECONDS", "10"))
ZWGK_TASK_WORKER_STALE_SECONDS = float(os.environ.get("ZWGK_TASK_WORKER_STALE_SECONDS", "60"))
ZWGK_TASK_CLAIM_TIMEOUT_SECONDS = float(os.environ.get("ZWGK_TASK_CLAIM_TIMEOUT_SECONDS", "3600"))
ZWGK_TASK_MAX_ATTEMPTS = int(os.environ.get("ZWGK_TASK_MAX_ATTEMPTS", "3"))

# --- mail -----------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get(
    "ZWGK_EMAIL_BACKEND",
    "django.core.mail.backends.filebased.EmailBackend"
    if not os.environ.get("ZWGK_SMTP_HOST")
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_FILE_PATH = DATA_DIR / "mail"
EMAIL_HOST = os.environ.get("ZWGK_SMTP_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("ZWGK_SMTP_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("ZWGK_SMTP_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("ZWGK_SMTP_PASSWORD", "")
EMAIL_USE_TLS = env_bool("ZWGK_SMTP_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("ZWGK_MAIL_FROM", "zwgk@localhost")

# --- the site -------------------------------------------------------------------------------
ZWGK_SITE = {
    "city": os.environ.get("ZWGK_CITY", "大连市"),
    "name": os.environ.get("ZWGK_SITE_NAME", "大连市人民政府 政府信息公开平台"),
    "domain": os.environ.get("ZWGK_SITE_DOMAIN", "www.dl.gov.cn"),
    "site_id_code": os.environ.get("ZWGK_SITE_ID_CODE", "2102000000"),
    "icp": os.environ.get("ZWGK_ICP", "辽ICP备00000000号"),
    "police_record": os.environ.get("ZWGK_POLICE_RECORD", "辽公网安备 21020000000000号"),
    "sponsor": os.environ.get("ZWGK_SPONSOR", "大连市人民政府办公室"),
}
# Complaints (申诉) about a public enterprise's disclosure are answered by its competent department
# within this many working days of receipt (RULES §3.5; 国办发〔2020〕50号 sets no number: product
# decision 0025).
ZWGK_COMPLAINT_ANSWER_WORKDAYS = int(os.environ.get("ZWGK_COMPLAINT_ANSWER_WORKDAYS", "15"))
ZWGK_RATE_LIMITS = {
    # name: (requests, seconds)
    "public_form": (int(os.environ.get("ZWGK_RATE_PUBLIC_FORM", "10")), 3600),
    "tracking_lookup": (int(os.environ.get("ZWGK_RATE_TRACKING", "30")), 600),
}
# Proof of work on public submissions (core/proof_of_work.py): a solver tries on average half of
# maxnumber SHA-256 hashes. 70,000 costs about a second in Chromium, desktop or throttled as a phone
# (bench/altcha.py, bench/results/altcha.md);
# it can be raised under attack, and cannot be switched off: below 10,000 it is refused.
ZWGK_ALTCHA_MAX_NUMBER = int(os.environ.get("ZWGK_ALTCHA_MAX_NUMBER", "70000"))
if ZWGK_ALTCHA_MAX_NUMBER < 10_000:
    raise ImproperlyConfigured(
        "ZWGK_ALTCHA_MAX_NUMBER must be at least 10000 (proof of work cannot be turned off)"
    )
ZWGK_ALTCHA_EXPIRES_SECONDS = 20 * 60
ZWGK_ROOT_ORGANIZATION = os.environ.get("ZWGK_ROOT_ORGANIZATION", "dl")
# The portal's public address, for links in e-mails (digests, notices, reminders): by default
# https://<domain>, and in demo mode the demo's own address, so a demo's mail never points at a
# real government site (zwgk.core.links).
_DEMO_HOST = os.environ.get("ZWGK_HOST", "") or "127.0.0.1"
if _DEMO_HOST in ("0.0.0.0", "::"):
    _DEMO_HOST = "127.0.0.1"
ZWGK_PUBLIC_URL = (
    os.environ.get("ZWGK_PUBLIC_URL", "")
    or (
        f"http://{_DEMO_HOST}:{os.environ.get('PORT', '8000')}"
        if DEMO_MODE
        else f"https://{ZWGK_SITE['domain']}"
    )
).rstrip("/")
ZWGK_TRUST_X_FORWARDED_FOR = env_bool("ZWGK_TRUST_X_FORWARDED_FOR")
# 索引号 pattern (RULES §3.3): {org} is the credit code if set, else the agency code.
ZWGK_INDEX_NO_PATTERN = os.environ.get("ZWGK_INDEX_NO_PATTERN", "{org}/{year}-{serial:05d}")
# Dotted path of a callable(file) -> scan result for uploaded attachments (e.g. a ClamAV client).
ZWGK_ATTACHMENT_SCANNER = os.environ.get("ZWGK_ATTACHMENT_SCANNER", "")
# Dotted path of an SMS gateway class for applicant notifications (default: e-mail only).
ZWGK_SMS_GATEWAY = os.environ.get("ZWGK_SMS_GATEWAY", "")
# Website inspection may reach private addresses only where the deployment says so.
ZWGK_MONITOR_ALLOW_PRIVATE = env_bool("ZWGK_MONITOR_ALLOW_PRIVATE")
# curl-style HOST:PORT:ADDR[,ADDR…] entries separated by spaces: the operator's pins, trusted by
# the SSRF guard like `zwgk monitor check --resolve` (pins set in the back office are not).
ZWGK_MONITOR_PINS = os.environ.get("ZWGK_MONITOR_PINS", "").split()
# "system" (getaddrinfo), "dns" (dnspython) or "none" (only pinned names: closed networks, the demo).
ZWGK_MONITOR_RESOLVER = os.environ.get("ZWGK_MONITOR_RESOLVER", "none" if DEMO_MODE else "system")
# Where `zwgk demo-sites` serves the demo's stand-in agency websites (loopback only).
ZWGK_DEMO_SITES_PORT = int(os.environ.get("ZWGK_DEMO_SITES_PORT", int(os.environ.get("PORT", "8000")) + 1))

# --- logging --------------------------------------------------------------------------------
# The demo's console shows warnings only (issue 20 item 10): the level is the console handler's,
# since the task worker sets its loggers' levels itself (two lines per task at INFO).
LOG_LEVEL = os.environ.get("ZWGK_LOG_LEVEL", "WARNING" if DEMO_MODE else "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"personal_data": {"()": "zwgk.core.logging.PersonalDataFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["personal_data"], "level": LOG_LEVEL},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "axes": {"level": "WARNING"},
        # The development server's request lines, through the same scrubbing filter.
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
