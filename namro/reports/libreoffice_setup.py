"""Make Debian's LibreOffice Writer available for the tests that convert a generated Word
document to PDF, where it can be had.

Called once per test session by the tests that need it: as root with apt it installs
``libreoffice-writer-nogui`` when ``soffice`` is missing, and the Liberation fonts (metric
compatible with Times New Roman, so that a converted page breaks where Word breaks it) when
fontconfig has no substitute for Times; elsewhere it says why those tests will be skipped. NAMRO_REQUIRE_LIBREOFFICE=1 turns a missing LibreOffice into a failure.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

PACKAGES = ["libreoffice-writer-nogui", "fonts-dejavu-core", "fonts-liberation2"]
FONT_PACKAGES = ["fonts-liberation2"]


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def required() -> bool:
    return os.environ.get("NAMRO_REQUIRE_LIBREOFFICE") == "1"


def has_times_metrics() -> bool:
    """Whether fontconfig gives Times New Roman or a metric-compatible substitute."""
    if not shutil.which("fc-match"):
        return False
    found = subprocess.run(
        ["fc-match", "-f", "%{family}", "Times New Roman"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    return any(name in found for name in ("Times New Roman", "Liberation Serif", "Tinos"))


def _apt_install(packages: list[str]) -> None:
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=False, env=env)
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *packages],
        check=False,
        env=env,
    )


def ensure() -> str | None:
    """The path of ``soffice``, installing it with apt when possible; None when unavailable."""
    found = soffice()
    can_apt = shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0
    if found:
        if can_apt and not has_times_metrics():
            print("Installing fonts metric-compatible with Times New Roman…", flush=True)
            _apt_install(FONT_PACKAGES)
        return found
    if can_apt:
        print("Installing Debian's LibreOffice Writer for the document tests…", flush=True)
        _apt_install(PACKAGES)
    return soffice()


def main() -> int:
    if ensure():
        return 0
    message = "LibreOffice is not installed and cannot be installed here: PDF conversion tests will be skipped"
    print(f"WARNING: {message}", file=sys.stderr)
    return 1 if required() else 0


if __name__ == "__main__":
    sys.exit(main())
