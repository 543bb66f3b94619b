import pytest

from namro.oversight.tests.world import World, build_world
from namro.reports import libreoffice_setup


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture(scope="session")
def soffice() -> str:
    """LibreOffice's ``soffice``, installed by the test setup where apt allows it."""
    path = libreoffice_setup.ensure()
    if path is None:
        reason = "LibreOffice is not installed and cannot be installed here"
        if libreoffice_setup.required():
            pytest.fail(reason)
        pytest.skip(reason)
    return path
