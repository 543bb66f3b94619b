"""Where namro's own files are: the checkout (or installed package parent) and the shared
labelled cases beside it. Used by commands and tests alike; imports nothing else."""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SHARED_CASES = PROJECT_ROOT.parent / "shared" / "cases"
