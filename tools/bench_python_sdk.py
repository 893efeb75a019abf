#!/usr/bin/env python3
"""The reference call through the official Python SDK, for comparison with restrait.

Sends N `SendEmail` calls (POST /v2/<project>/users/ok/resend-email, body
{"template_id": "email01"}) signed with an access key, through `huaweicloudsdkworkspace`, to the
loopback server of `benches/callgrind_calls.rs`, and reports calls per second. With
`--instructions` it also counts instructions per call with callgrind, as benches/callgrind.sh
does for the Rust clients: (I(high) - I(low)) / (high - low), the server in another process,
and does the same for restrait signed to give the ratio.

    python3 tools/bench_python_sdk.py                      # calls/s, N=2000
    python3 tools/bench_python_sdk.py --instructions       # and instructions per call

The SDK is installed into tools/.venv on first use (tools/requirements-workspace.txt); pass
--python to use an interpreter that has it already.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import sdk_venv

TOOLS = Path(__file__).resolve().parent
ROOT = TOOLS.parent
TARGET = os.environ.get("CARGO_TARGET_DIR", "/work/target-bench")

# The same fake credentials and project as benches/support/mod.rs.
ACCESS_KEY = "HPUAL3KD6ZZ6CZ3W7UXQ"
SECRET_KEY = "qcZ1gKW9bVk3EajBxyP7wRHn6mTsN0dfL8oUuJ2c"
PROJECT_ID = "p"


def calls_binary():
    """Builds benches/callgrind_calls.rs in release mode and returns its path."""
    out = subprocess.run(
        ["cargo", "bench", "--bench", "callgrind_calls", "--no-run", "--message-format=json"],
        cwd=ROOT, env={**os.environ, "CARGO_TARGET_DIR": TARGET},
        capture_output=True, text=True, check=True,
    ).stdout
    for line in reversed(out.splitlines()):
        message = json.loads(line)
        if message.get("executable") and message["target"]["name"] == "callgrind_calls":
            return message["executable"]
    sys.exit("could not build the callgrind_calls bench")


def worker(address, calls):
    """Runs in the SDK's interpreter: one warm-up call, then `calls` timed calls."""
    from huaweicloudsdkcore.auth.credentials import BasicCredentials
    from huaweicloudsdkworkspace.v2 import WorkspaceClient
    from huaweicloudsdkworkspace.v2 import model as m

    client = (
        WorkspaceClient.new_builder()
        .with_credentials(BasicCredentials(ACCESS_KEY, SECRET_KEY, PROJECT_ID))
        .with_endpoints([f"http://{address}"])
        .build()
    )

    def call():
        return client.send_email(
            m.SendEmailRequest(user_id="ok", body=m.ResendEmailReq(template_id="email01"))
        )

    assert call().status_code == 204
    started = time.perf_counter()
    for _ in range(calls):
        call()
    elapsed = time.perf_counter() - started
    print(f"calls={calls} calls/s={calls / elapsed:.0f}")


def collected(command):
    """The instructions callgrind counts for `command`."""
    with tempfile.TemporaryDirectory() as scratch:
        log = Path(scratch) / "log"
        subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={scratch}/out",
             f"--log-file={log}", *command],
            check=True, stdout=subprocess.DEVNULL,
        )
        match = re.search(r"Collected : (\d+)", log.read_text())
        return int(match.group(1))


def per_call(command_for, high, low):
    return (collected(command_for(high)) - collected(command_for(low))) / (high - low)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=2000, help="timed calls (default 2000)")
    parser.add_argument("--instructions", action="store_true", help="count with callgrind")
    parser.add_argument("--high", type=int, default=300, help="SDK calls of the long run")
    parser.add_argument("--low", type=int, default=100, help="SDK calls of the short run")
    parser.add_argument("--python", help="an interpreter with huaweicloudsdkworkspace")
    parser.add_argument("--worker", nargs=2, metavar=("ADDRESS", "CALLS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker[0], int(args.worker[1]))
        return

    python = args.python or sdk_venv.python()
    binary = calls_binary()
    server = subprocess.Popen([binary, "serve"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              text=True)
    try:
        address = server.stdout.readline().strip()

        def sdk(calls):
            return [python, __file__, "--worker", address, str(calls)]

        timed = subprocess.run(sdk(args.calls), check=True, capture_output=True, text=True)
        print(f"python-sdk: {timed.stdout.strip()}")
        rust = subprocess.run([binary, "restrait-signed", str(args.calls)], check=True,
                              capture_output=True, text=True)
        print(f"restrait-signed: {rust.stdout.strip()}")
        if args.instructions:
            sdk_instructions = per_call(sdk, args.high, args.low)
            print(f"python-sdk: {sdk_instructions:.0f} instructions per call "
                  f"(callgrind, {args.high} - {args.low} calls)")
            ours = per_call(lambda calls: [binary, "restrait-signed", str(calls)], 3000, 1000)
            print(f"restrait-signed: {ours:.0f} instructions per call "
                  f"(callgrind, 3000 - 1000 calls)")
            print(f"ratio python-sdk / restrait-signed: {sdk_instructions / ours:.1f}")
    finally:
        server.stdin.close()
        server.wait()


if __name__ == "__main__":
    main()
