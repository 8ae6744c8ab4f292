"""Settings for the test suite: the same as production, with fast and isolated side services.

DATABASE_URL still selects the database, so CI runs the very same suite on PostgreSQL.
"""

import os
import tempfile

os.environ.setdefault("ZWGK_DATA_DIR", os.path.join(tempfile.gettempdir(), "zwgk-test-data"))

from config.settings import *  # noqa: F403

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DEMO_MODE = True
ZWGK_ALTCHA_MAX_NUMBER = 1000  # a test solves in ~1 ms; production refuses less than 10,000
