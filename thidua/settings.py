"""One settings module, read from the environment (see README "Cấu hình")."""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


# A checkout without SECRET_KEY in its environment is a developer's or the demo: DEBUG on by default.
# Production sets SECRET_KEY (and DEBUG=0); then every secure default below applies.
LOCAL_CHECKOUT = "SECRET_KEY" not in os.environ
DEBUG = env_bool("DEBUG", LOCAL_CHECKOUT)
SECRET_KEY = os.environ.get("SECRET_KEY") or "django-insecure-thidua-local-checkout-only"
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

DATA_DIR = Path(os.environ.get("THIDUA_DATA_DIR", BASE_DIR / "var"))
DATA_DIR.mkdir(parents=True, exist_ok=True)
DEFAULT_DATABASE_URL = f"sqlite:///{DATA_DIR / 'thidua.sqlite3'}"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django_htmx",
    "ninja",  # serves the Swagger UI of /api/v1/docs from its bundled static files (without it: a CDN)
    "rules.apps.AutodiscoverRulesConfig",
    "thidua.core",
    "thidua.orgs",
    "thidua.plans",
    "thidua.movements",
    "thidua.awards",
    "thidua.dossiers",
    "thidua.documents",
    "thidua.oversight",
    "thidua.outreach",
    "thidua.reports",
    "thidua.reporting",
    "thidua.rewards",
    "thidua.notifications",
    "thidua.api",
    "django_tasks",  # the django.tasks API (backport); jobs: thidua/core/jobs.py
    "django_tasks_db",  # its database backend and worker: no broker (docs/operations.md "Công việc nền")
    *["axes", "django_otp", "django_otp.plugins.otp_totp"],  # accounts: lockout, second factor
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "thidua.core.locale.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "thidua.core.replica.RecentWriteMiddleware",  # read-your-writes when lists read from a replica
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "thidua.core.middleware.CurrentUserMiddleware",
    # accounts: second factor, idle timeout and the 2FA gate, bad query parameters, lockout responses
    "django_otp.middleware.OTPMiddleware",
    "thidua.core.middleware.AccountSecurityMiddleware",
    "thidua.core.middleware.QueryParameterGuardMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "thidua.urls"
WSGI_APPLICATION = "thidua.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "thidua" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "thidua.core.context_processors.navigation",
                "thidua.notifications.context_processors.unread",
            ],
        },
    },
]

# Statement and lock timeouts (PostgreSQL) so a stuck query or a held lock fails fast — the user gets the 503 page
# — instead of hanging a web worker until gunicorn kills it. Web processes (and tests) use THIDUA_DB_*; management
# commands (`thidua …`: imports, backups, migrations, reminders) are batch work and use THIDUA_DB_COMMAND_*,
# unlimited by default. 0 = no limit.
BATCH_PROCESS = os.environ.get("THIDUA_PROCESS") == "command"
DB_STATEMENT_TIMEOUT_MS = int(os.environ.get(
    "THIDUA_DB_COMMAND_STATEMENT_TIMEOUT_MS" if BATCH_PROCESS else "THIDUA_DB_STATEMENT_TIMEOUT_MS",
    0 if BATCH_PROCESS else 20000,
))
DB_LOCK_TIMEOUT_MS = int(os.environ.get(
    "THIDUA_DB_COMMAND_LOCK_TIMEOUT_MS" if BATCH_PROCESS else "THIDUA_DB_LOCK_TIMEOUT_MS",
    0 if BATCH_PROCESS else 5000,
))
DB_CONNECT_TIMEOUT_S = int(os.environ.get("THIDUA_DB_CONNECT_TIMEOUT", 5))


def postgres_options(statement_timeout_ms: int, lock_timeout_ms: int, connect_timeout_s: int) -> dict:
    return {
        "connect_timeout": connect_timeout_s,
        "options": f"-c statement_timeout={statement_timeout_ms} -c lock_timeout={lock_timeout_ms}",
    }


def database_from_url(url: str) -> dict:
    # CONN_HEALTH_CHECKS: a persistent connection broken by a database restart is replaced at the start of the
    # next request instead of failing it (recovery after an outage needs nothing from the operator).
    config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    if config["ENGINE"] == "django.db.backends.postgresql":
        config.setdefault("OPTIONS", {}).update(
            postgres_options(DB_STATEMENT_TIMEOUT_MS, DB_LOCK_TIMEOUT_MS, DB_CONNECT_TIMEOUT_S)
        )
    return config


DATABASES = {"default": database_from_url(os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL + busy timeout + IMMEDIATE transactions: concurrent writers queue instead of failing.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
                        # deleted rows (sealed ballot choices) are overwritten, not left in free pages
                        "PRAGMA secure_delete=ON;",
    }
    # A file (not :memory:) for the test database, so tests of concurrent requests can use several connections.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}
    if DATABASES["default"].get("NAME") in ("", ":memory:"):
        DATABASES["default"]["NAME"] = str(DATA_DIR / "thidua.sqlite3")
# Read replica for statistics and the big lists (DESIGN.md §3, thidua/core/replica.py), only when
# DATABASE_REPLICA_URL is set; tests mirror the primary.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = database_from_url(os.environ["DATABASE_REPLICA_URL"])
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["thidua.core.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked-out username before any password is checked
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# --- Accounts security (issue 11): password policy, lockout, second factor, sessions, API tokens ---
# The policy applies where a password is set through a form or a service (own change, administrator's reset,
# new account); the demo sets THIDUA_DEMO_PASSWORD directly (DESIGN.md §4.4 fixes `thidua-demo`).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AXES_FAILURE_LIMIT = int(os.environ.get("THIDUA_LOGIN_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = float(os.environ.get("THIDUA_LOGIN_COOLOFF_HOURS", 0.25))  # hours
AXES_LOCKOUT_PARAMETERS = ["username"]  # offices share one address: lock the account attacked, not the office
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "thidua.core.accounts.lockout_response"
AXES_VERBOSE = False
SILENCED_SYSTEM_CHECKS = ["axes.W006"]  # deliberate: lock by username only (see AXES_LOCKOUT_PARAMETERS)
# Second factor (TOTP) for province staff, council secretary, leaders, administrators and accounts an
# administrator marks: on in production (SECRET_KEY set), off in a local checkout, tests and the demo.
THIDUA_REQUIRE_2FA = env_bool("THIDUA_REQUIRE_2FA", not LOCAL_CHECKOUT)
OTP_TOTP_ISSUER = "thidua"
# A session ends after this many minutes without a request (and at most SESSION_COOKIE_AGE after sign-in).
THIDUA_SESSION_IDLE_MINUTES = int(os.environ.get("THIDUA_SESSION_IDLE_MINUTES", 30))
SESSION_COOKIE_AGE = int(os.environ.get("THIDUA_SESSION_MAX_HOURS", 10)) * 3600
THIDUA_API_TOKEN_DAYS = int(os.environ.get("THIDUA_API_TOKEN_DAYS", 30))
THIDUA_API_TOKEN_TOUCH_SECONDS = 300
# --- end accounts security ---
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "vi"
# Dates read and written dd/mm/yyyy in both languages (thidua/formats/*), whatever the browser's locale; widgets
# rendered from templates so thidua/templates/django/forms/ can give file inputs Vietnamese labels.
FORMAT_MODULE_PATH = ["thidua.formats"]
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "thidua" / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("THIDUA_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise serves from here after collectstatic; finders cover the rest
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG and not env_bool("THIDUA_PLAIN_STATIC", False)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = True
# Source maps are read only by browsers' developer tools: not worth compressing at every collectstatic.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (
    "jpg", "jpeg", "png", "gif", "webp", "zip", "gz", "tgz", "bz2", "tbz", "xz", "br", "woff", "woff2", "map",
)
STATICFILES_DIRS = [BASE_DIR / "thidua" / "static"]  # project-wide assets (vendor/, thidua/app.css)
# Uploaded files live outside the web root and are served only through permission-checked views.
MEDIA_ROOT = Path(os.environ.get("THIDUA_MEDIA_ROOT", DATA_DIR / "media"))
# No URL pattern serves this prefix (files go out only through permission-checked views). It must be a string:
# Django's test live server (browser tests) cannot start with MEDIA_URL = None.
MEDIA_URL = "/_tep-rieng/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
THIDUA_MAX_ATTACHMENT_BYTES = int(os.environ.get("THIDUA_MAX_ATTACHMENT_BYTES", 20 * 1024 * 1024))

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if os.environ.get("REDIS_URL"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"]}}
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "thidua@localhost")
# SMTP (EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend): the province's mail relay.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", 25))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)

# Decree 13/2023: a list of personal data read page after page is recorded once per user and list per this many
# seconds (0: every page); a single person's record is recorded every time (thidua/core/personal.py).
THIDUA_PERSONAL_VIEW_WINDOW = int(os.environ.get("THIDUA_PERSONAL_VIEW_WINDOW", 600))

# The province this installation serves (data, not code: any province or ministry).
THIDUA_PROVINCE_NAME = os.environ.get("THIDUA_PROVINCE_NAME", "Hưng Yên")
THIDUA_PUBLIC_BASE_URL = os.environ.get("THIDUA_PUBLIC_BASE_URL", "http://127.0.0.1:8000")

if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31536000))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers and monitors probe over plain HTTP
CSRF_FAILURE_VIEW = "thidua.core.errors.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

# Jobs (thidua/core/jobs.py): a Job row per long piece of work, queued through the django.tasks API to the
# database backend; `thidua job_worker` runs them (deploy/systemd/thidua-worker.service). A job whose worker died
# (no heartbeat for THIDUA_JOB_STALE_SECONDS) is queued again, up to THIDUA_JOB_MAX_ATTEMPTS runs.
TASKS = {"default": {"BACKEND": os.environ.get("THIDUA_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}
THIDUA_JOBS_ON_COMMIT = True  # queue after the page's transaction commits (tests: at once, immediate backend)
THIDUA_JOB_HEARTBEAT_SECONDS = float(os.environ.get("THIDUA_JOB_HEARTBEAT_SECONDS", 10))
THIDUA_JOB_STALE_SECONDS = float(os.environ.get("THIDUA_JOB_STALE_SECONDS", 120))
THIDUA_JOB_MAX_ATTEMPTS = int(os.environ.get("THIDUA_JOB_MAX_ATTEMPTS", 3))
THIDUA_JOB_KEEP_DAYS = int(os.environ.get("THIDUA_JOB_KEEP_DAYS", 30))
# Daily jobs the worker queues itself (kind, local time "HH:MM"); one run per day even with several workers.
THIDUA_JOB_SCHEDULE = [
    (kind.strip(), at.strip()) for kind, at in (
        item.split("@") for item in os.environ.get(
            "THIDUA_JOB_SCHEDULE",
            "dossiers.reminders@07:00,oversight.reminders@07:05,reporting.reminders@07:10,notifications.digest@07:30,"
            "core.cleanup@02:30",
        ).split(",") if "@" in item
    )
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
