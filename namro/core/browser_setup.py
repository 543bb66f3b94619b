"""Make Debian's Chromium available for the browser tests, where it can be had.

Run by `make test`: as root with apt it installs the `chromium` package when missing;
elsewhere it says why the browser tests will be skipped. CI sets NAMRO_REQUIRE_BROWSER=1,
which turns a missing browser into a failure.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys


def main() -> int:
    if shutil.which("chromium"):
        return 0
    required = os.environ.get("NAMRO_REQUIRE_BROWSER") == "1"
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
