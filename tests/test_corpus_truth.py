"""The real-world corpus's ``# expect: FL001`` markers are Keras' own verdicts: the
verifier runs every case (training and downloads stubbed) and checks each marker
against the output rank Keras builds."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("keras")


def test_every_real_case_marker_agrees_with_keras() -> None:
    script = Path(__file__).parent / "corpus_verify.py"
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
