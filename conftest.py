"""Settings every test run shares: fast hashing, a throwaway media folder."""

import pytest

# Shared fixtures: ``personas`` (a small unit tree with one user per role), see that module.
pytest_plugins = ["namro.access.tests.personas"]


# Tests that drive a program outside Python (LibreOffice, Tesseract) through these fixtures are
# marked ``external``: CI runs them, and the browser's, once, on SQLite (``.ci/run``).
EXTERNAL_FIXTURES = {"soffice", "ocr_tools"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if EXTERNAL_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.external)


def pytest_configure(config):
    # The pure modules' tests also run without pytest-django (-p no:django).
    if config.pluginmanager.hasplugin("django"):
        from django.conf import settings

        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _media_in_tmp(request, tmp_path):
    if not request.config.pluginmanager.hasplugin("django"):
        return
    settings = request.getfixturevalue("settings")
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_calendar(request):
    """The working-day calendar is cached per process; a test's rows vanish with its
    transaction, so each test starts with the cache empty."""
    if not request.config.pluginmanager.hasplugin("django"):
        yield
        return
    from namro.workdays.calendar import forget

    forget()
    yield
    forget()


@pytest.fixture(autouse=True)
def _audit_seals_in_tmp(request, tmp_path):
    """Each test seals the audit chain into a file of its own."""
    if not request.config.pluginmanager.hasplugin("django"):
        return
    settings = request.getfixturevalue("settings")
    settings.NAMRO_AUDIT_SEAL_FILE = tmp_path / "audit.seals"


@pytest.fixture(autouse=True)
def _force_login_is_a_whole_sign_in(request, monkeypatch):
    """``client.force_login`` stands for a finished sign-in, its second factor included (see
    ``namro.testing.sign_in_steps_done``); the real steps are tested through the pages."""
    if not request.config.pluginmanager.hasplugin("django"):
        return
    from django.test import Client

    from namro.testing import sign_in_steps_done

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        sign_in_steps_done(self)

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture(autouse=True)
def _default_language_after(request):
    """A request in English leaves English active in the thread (the locale middleware does
    not switch back); each test ends in the default language, so none leaks into the next."""
    yield
    if not request.config.pluginmanager.hasplugin("django"):
        return
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
