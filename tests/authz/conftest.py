import pytest
from django.db import transaction


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """tests/authz/world.py's objects and actors, built once for the module inside a transaction
    that is rolled back at its end (each test nests its own savepoints inside it)."""
    from django.test import override_settings

    from tests.authz.world import build_world

    media = tmp_path_factory.mktemp("authz-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        with transaction.atomic():
            built = build_world()
            built.media_root = media
            yield built
            transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _world_media(request, _isolated_media, settings):
    """The world's files live in its own media directory, not the per-test one."""
    if "world" in request.fixturenames:
        settings.MEDIA_ROOT = request.getfixturevalue("world").media_root
