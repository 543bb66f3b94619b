"""Make Debian's Chromium available for the browser tests, where it can be had, and the
axe-core accessibility checker they inject into the pages.

Run by `make test`: as root with apt it installs the `chromium` package when missing;
elsewhere it says why the browser tests will be skipped. CI sets NAMRO_REQUIRE_BROWSER=1,
which turns a missing browser into a failure.

axe-core is a test tool only: `npm pack` fetches its package into a cache under var/ (never
served by the application, never committed), and the tests read ``axe.min.js`` from there.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from namro.paths import PROJECT_ROOT

AXE_PACKAGE = "axe-core@4"
AXE_CACHE = PROJECT_ROOT / "var" / "test-cache" / "axe-core"
AXE_SCRIPT = AXE_CACHE / "axe.min.js"


def axe_script() -> Path | None:
    """The path of axe-core's ``axe.min.js``, fetched with npm into the cache when it is not
    there yet; None (with the reason on stderr) when it cannot be had."""
    if AXE_SCRIPT.exists():
        return AXE_SCRIPT
    npm = shutil.which("npm")
    if npm is None:
        print("WARNING: npm is not installed: axe-core cannot be fetched", file=sys.stderr)
        return None
    AXE_CACHE.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=AXE_CACHE) as folder:
        done = subprocess.run(
            [npm, "pack", AXE_PACKAGE, "--pack-destination", folder, "--silent"],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        tarballs = sorted(Path(folder).glob("axe-core-*.tgz"))
        if done.returncode != 0 or not tarballs:
            print(f"WARNING: npm pack {AXE_PACKAGE} failed: {done.stderr.strip()}", file=sys.stderr)
            return None
        with tarfile.open(tarballs[-1]) as tarball:
            member = tarball.extractfile("package/axe.min.js")
            if member is None:
                print(f"WARNING: {tarballs[-1].name} has no axe.min.js", file=sys.stderr)
                return None
            partial = AXE_CACHE / "axe.min.js.partial"
            partial.write_bytes(member.read())
        partial.replace(AXE_SCRIPT)
    return AXE_SCRIPT


def main() -> int:
    required = os.environ.get("NAMRO_REQUIRE_BROWSER") == "1"
    if axe_script() is None and required:
        return 1
    if shutil.which("chromium"):
        return 0
    can_apt = shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0
    if can_apt:
        print("Installing Debian's chromium for the browser tests…", flush=True)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=False, env=env)
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "chromium"],
            check=False,
            env=env,
        )
    if shutil.which("chromium"):
        return 0
    message = (
        "chromium is not installed and cannot be installed here: browser tests will be skipped"
    )
    print(f"WARNING: {message}", file=sys.stderr)
    return 1 if required else 0


if __name__ == "__main__":
    sys.exit(main())
