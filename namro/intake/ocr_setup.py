"""Make Debian's Tesseract (with its Vietnamese model) available for reading scanned
documents, and for the tests that read a scanned directive.

Run by ``make browser-deps`` and once per test session by the tests that need it: as root
with apt it installs ``tesseract-ocr`` and ``tesseract-ocr-vie`` (the reader), ``poppler-utils``
(``pdftocairo``, which turns a scanned PDF's pages into images) and, for the tests,
``pango1.0-tools`` (``pango-view``, which sets a directive's text on a page image) with the
Liberation Serif font the pages are set in (and DejaVu); elsewhere it says why those tests will be skipped. NAMRO_REQUIRE_OCR=1 turns a
missing reader into a failure.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

PACKAGES = [
    "tesseract-ocr",
    "tesseract-ocr-vie",
    "poppler-utils",
    "pango1.0-tools",
    "fonts-dejavu-core",
    "fonts-liberation2",
]
FONT = "Liberation Serif"  # the test pages' font: another one reads differently
LANGUAGE = "vie"


def required() -> bool:
    return os.environ.get("NAMRO_REQUIRE_OCR") == "1"


def has_vietnamese() -> bool:
    """Whether ``tesseract`` is installed and knows Vietnamese."""
    tesseract = shutil.which("tesseract")
    if not tesseract:
        return False
    listed = subprocess.run(
        [tesseract, "--list-langs"], capture_output=True, text=True, check=False, timeout=30
    )
    return LANGUAGE in (listed.stdout + listed.stderr).split()


def missing() -> list[str]:
    """What the scanned-document tests need and this machine lacks."""
    gaps = [] if has_vietnamese() else ["tesseract (vie)"]
    gaps += [tool for tool in ("pdftocairo", "pango-view") if not shutil.which(tool)]
    if not has_font():
        gaps.append(f"font {FONT}")
    return gaps


def has_font() -> bool:
    """Whether fontconfig knows ``FONT`` (without it pango-view sets the pages in another)."""
    fc_list = shutil.which("fc-list")
    if not fc_list:
        return False
    listed = subprocess.run(
        [fc_list, FONT], capture_output=True, text=True, check=False, timeout=30
    )
    return bool(listed.stdout.strip())


def _apt_install(packages: list[str]) -> None:
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=False, env=env)
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *packages],
        check=False,
        env=env,
    )


def ensure() -> list[str]:
    """Install what is missing with apt when possible; what is still missing after."""
    gaps = missing()
    can_apt = shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0
    if gaps and can_apt:
        print("Installing Debian's Tesseract (Vietnamese) for reading scans…", flush=True)
        _apt_install(PACKAGES)
        gaps = missing()
    return gaps


def main() -> int:
    gaps = ensure()
    if not gaps:
        return 0
    message = (
        f"{', '.join(gaps)} not installed and cannot be installed here: "
        "scanned-document tests will be skipped"
    )
    print(f"WARNING: {message}", file=sys.stderr)
    return 1 if required() else 0


if __name__ == "__main__":
    sys.exit(main())
