"""tools/.venv: the virtualenv that holds the official Huawei Cloud Python SDK, at pinned versions.

The scripts that compare restrait with the SDK run inside it; `cargo test` never does. Each
script calls `run_inside(__file__)` first (or `python()` when it only starts the SDK in another
process), which creates the virtualenv on first use and installs the pins.
"""

import os
import subprocess
import sys
import venv
from pathlib import Path

TOOLS = Path(__file__).resolve().parent
VENV = TOOLS / ".venv"
PYTHON = VENV / "bin" / "python"
# huaweicloudsdkcore alone: the signer.
CORE = TOOLS / "requirements.txt"
# huaweicloudsdkworkspace, with the core it depends on.
WORKSPACE = TOOLS / "requirements-workspace.txt"


def python(requirements=WORKSPACE):
    """The virtualenv's interpreter, with `requirements` installed (pip checks pins it already
    has without going to the network)."""
    if not PYTHON.exists():
        venv.EnvBuilder(with_pip=True).create(VENV)
    subprocess.run(
        [str(PYTHON), "-m", "pip", "install", "--quiet", "-r", str(requirements)], check=True
    )
    return str(PYTHON)


def run_inside(script, requirements=WORKSPACE):
    """Runs `script` again inside the virtualenv, unless this interpreter is already its own."""
    if Path(sys.prefix).resolve() == VENV.resolve():
        return
    interpreter = python(requirements)
    os.execv(interpreter, [interpreter, script, *sys.argv[1:]])
