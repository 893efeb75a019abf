#!/usr/bin/env python3
"""Sends the 21 operations of the Workspace users API through the official Python SDK and
through restrait-workspace, and reports every difference in what arrives.

Run it from anywhere with Python 3.8+: `python3 tools/differential.py`. On first use it creates
tools/.venv and installs the SDK pinned in tools/requirements-workspace.txt. It is not part of
`cargo test`: it needs the SDK, and it builds and runs the crate's `all_operations` example
(`cargo run -p restrait-workspace --example all_operations -- URL`; set CARGO_TARGET_DIR as for
any cargo command).

Both clients sign with the same fake access key and talk to a capture server that the script
starts on 127.0.0.1 and that answers every request with 200 and `{}`. The n-th request of one
client is compared with the n-th of the other: method, path and query as sent, every header, and
the body. A signature cannot be compared as text, since each client signs at its own time; each
one is instead checked by recomputing it with the SDK's own signer over the request as received.

Each difference found is printed, and those of a known kind are explained once at the end; the
exit status is 1 when a difference of no known kind remains.
"""

import json
import os
import re
import subprocess
import sys
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote

import sdk_venv

TOOLS = Path(__file__).resolve().parent
ROOT = TOOLS.parent

# The fake credentials and the arguments of the calls, the same as in
# examples/workspace/examples/all_operations.rs.
ACCESS_KEY = "HPUAL3KD6ZZ6CZ3W7UXQ"
SECRET_KEY = "qcZ1gKW9bVk3EajBxyP7wRHn6mTsN0dfL8oUuJ2c"
PROJECT_ID = "0a1b2c3d4e5f60718293a4b5c6d7e8f9"
USER_ID = "5e0f a/b+é"
USER_LIST = "ada,ada@example.com,desk-ada-01\n"


class Captured:
    """One request as the capture server received it."""

    def __init__(self, method, target, headers, body):
        self.method = method
        self.path, _, self.query = target.partition("?")
        self.headers = headers
        self.body = body

    def header(self, name):
        for key, value in self.headers:
            if key.lower() == name:
                return value
        return None


class Capture(ThreadingHTTPServer):
    """Records every request and answers 200 with `{}`."""

    def __init__(self):
        self.captured = []
        self.lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), Handler)

    @property
    def url(self):
        return "http://127.0.0.1:%d" % self.server_address[1]

    def take(self):
        with self.lock:
            taken, self.captured = self.captured, []
        return taken


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def handle_one_request(self):
        # Every method the clients may use is answered the same way.
        self.raw_requestline = self.rfile.readline(65537)
        if not self.raw_requestline:
            self.close_connection = True
            return
        if not self.parse_request():
            return
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        with self.server.lock:
            self.server.captured.append(
                Captured(self.command, self.path, list(self.headers.items()), body)
            )
        answer = b"{}"
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)
        self.wfile.flush()

    def log_message(self, *args):
        pass


def sdk_calls(url, user_list_path):
    """The 21 calls through the official SDK, in the order of the Rust example."""
    from huaweicloudsdkcore.auth.credentials import BasicCredentials
    from huaweicloudsdkcore.http.formdata import FormFile
    from huaweicloudsdkworkspace.v2 import model as m
    from huaweicloudsdkworkspace.v2 import WorkspaceClient

    client = (
        WorkspaceClient.new_builder()
        .with_credentials(BasicCredentials(ACCESS_KEY, SECRET_KEY, PROJECT_ID))
        .with_endpoints([url])
        .build()
    )

    def user(name):
        return m.CreateUserRequest(
            user_name=name,
            user_email=name + "@example.com",
            active_type="USER_ACTIVATE",
            group_ids=["g-1", "g 2"],
            description='née "Byron" & co',
        )

    upload = open(user_list_path, "rb")
    calls = [
        ("batch_create_users", m.BatchCreateUsersRequest(
            body=m.BatchCreateUsersReq(users=[user("ada"), user("grace")]))),
        ("batch_delete_user", m.BatchDeleteUserRequest(
            body=m.BatchDeleteUserReq(user_ids=["u-1", "u-2"]))),
        ("create_desktop_user", m.CreateDesktopUserRequest(body=user("alan"))),
        ("delete_user", m.DeleteUserRequest(user_id=USER_ID)),
        ("list_user_detail", m.ListUserDetailRequest(user_id=USER_ID)),
        ("update_user_info", m.UpdateUserInfoRequest(
            user_id=USER_ID,
            body=m.EditUserReq(description="on leave", disabled=True,
                               password_never_expired=False))),
        ("list_users", m.ListUsersRequest(
            user_name="ada lovelace&co", user_names=["grace hopper", "ada", "é"], limit="10",
            offset="20", description="x=y", active_type="USER_ACTIVATE", group_name="fin",
            share_space_subscription=True, share_space_desktops=False,
            is_query_total_desktops=True, enterprise_project_id="0", disabled=False,
            domain="corp.example.com", platform_type="AD")),
        ("change_user_status", m.ChangeUserStatusRequest(
            user_id=USER_ID, body=m.OperateUserReq(op_type="LOCK"))),
        ("send_email", m.SendEmailRequest(
            user_id=USER_ID,
            body=m.ResendEmailReq(template_id="tpl-1", phone_template_id="tpl-sms-1"))),
        ("reset_random_password", m.ResetRandomPasswordRequest(
            user_id=USER_ID, notification_type="email,phone")),
        ("list_otp_devices_by_user_id", m.ListOtpDevicesByUserIdRequest(user_id=USER_ID)),
        ("batch_delete_otp_devices", m.BatchDeleteOtpDevicesRequest(
            user_id=USER_ID, body=m.DelOtpDevicesReq(otp_ids=["otp-1", "otp-2"]))),
        ("list_notification_records", m.ListNotificationRecordsRequest(
            query_type="DESKTOP_POOL", desktop_name="desk 1", desktop_pool_name="pool-1",
            user_name="ada", type="SMS", offset=0, limit=100, sort_field="operate_time",
            sort_type="DESC")),
        ("list_user_events", m.ListUserEventsRequest(
            start_time="2024-05-01T00:00:00Z", end_time="2024-05-02T00:00:00Z",
            username="ada", event_type="LOGIN,LOGOUT", resource_id="r-1",
            resource_name="desk-ada-01", domain="corp.example.com", offset=0, limit=50)),
        ("list_user_events_lts_configurations", m.ListUserEventsLtsConfigurationsRequest()),
        ("set_user_events_lts_configurations", m.SetUserEventsLtsConfigurationsRequest(
            body=m.SetUserEventsLtsConfigurationsRequestBody(
                enable=True, log_group_id="lg-1", log_stream_id="ls-1"))),
        ("import_user_list", m.ImportUserListRequest(
            vpc_id="vpc-1", subnet_id="subnet-1",
            body=m.ImportUserListRequestBody(file=FormFile(upload, "text/csv")))),
        ("export_user_list_template", m.ExportUserListTemplateRequest(
            language="zh_CN", os_type="Windows")),
        ("export_users_template", m.ExportUsersTemplateRequest(
            language="en_US", active_type="ADMIN_ACTIVATE")),
        ("export_user_groups_new", m.ExportUserGroupsNewRequest(
            body=m.ExportUserGroupsNewReq(name="fin", group_ids=["g-1"], language="zh_CN"))),
        ("export_users_new", m.ExportUsersNewRequest(
            body=m.ExportUsersNewReq(
                user_name="ada", user_names=["ada", "grace"], description="fin",
                active_type="ADMIN_ACTIVATE", language="en_US", enterprise_project_id="0"))),
    ]
    names = []
    for name, request in calls:
        names.append(name)
        try:
            getattr(client, name)(request)
        except Exception as error:  # The answer is `{}`; only the request matters here.
            print("sdk %s: %s" % (name, error), file=sys.stderr)
    upload.close()
    return names


def rust_calls(url):
    """The 21 calls through restrait-workspace's `all_operations` example."""
    command = ["cargo", "run", "--quiet", "-p", "restrait-workspace", "--example",
               "all_operations", "--", url]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit("the Rust calls failed:\n" + done.stderr)


def verify_signature(captured):
    """Recomputes the request's signature with the SDK's signer, over the headers it says it
    signed, and tells whether it matches the one sent."""
    from huaweicloudsdkcore.auth.credentials import BasicCredentials
    from huaweicloudsdkcore.sdk_request import SdkRequest
    from huaweicloudsdkcore.signer.signer import Signer

    sent = captured.header("authorization") or ""
    found = re.match(r"SDK-HMAC-SHA256 Access=(\S+), SignedHeaders=(\S+), Signature=(\w+)$", sent)
    if not found:
        return "no SDK-HMAC-SHA256 signature: %r" % sent
    signed = found.group(2).split(";")
    headers = {k: v for k, v in captured.headers if k.lower() in signed}
    if sorted(k.lower() for k in headers) != sorted(signed):
        return "signed headers missing from the request: %s" % found.group(2)
    pairs = [tuple(unquote(p).split("=", 1)) for p in captured.query.split("&") if p]
    request = SdkRequest(
        method=captured.method, schema="http", host=captured.header("host"),
        resource_path=captured.path, query_params=pairs, header_params=headers,
        body=captured.body,
    )
    Signer(BasicCredentials(ACCESS_KEY, SECRET_KEY, PROJECT_ID)).sign(request)
    expected = request.header_params["Authorization"]
    return None if expected == sent else "the SDK's signer computes %s" % expected


# The kinds of difference that are expected, each with why it is right.
KNOWN = {
    "user-agent": "Each client names itself in User-Agent (the SDK adds the OS and the Python "
                  "version).",
    "transport": "Accept-Encoding and Connection are set by the HTTP library: Python's "
                 "requests asks for gzip and deflate and says keep-alive; reqwest, built "
                 "without decompression, asks for none, and keeps HTTP/1.1 connections alive "
                 "by default. They change no operation.",
    "bodiless-content-type": "The SDK sends `Content-Type: application/json` on requests "
                             "that have no body (GET, a DELETE without a body). There is no "
                             "content for it to describe (RFC 9110, 8.3), and the SDK itself "
                             "offers to drop it for GET (`HttpConfig."
                             "ignore_content_type_for_get_request`); restrait sends a "
                             "Content-Type only with a body.",
    "json-bytes": "Same JSON value, different bytes: the SDK's json.dumps writes `, ` and `: ` "
                  "and escapes non-ASCII as \\uXXXX; serde_json writes compact UTF-8. Any JSON "
                  "parser reads the same document.",
    "content-length": "Follows from a body whose bytes differ for a reason given here.",
    "bodiless-content-length": "Python's requests sends `Content-Length: 0` on a DELETE "
                               "without a body; reqwest sends none, as RFC 9110 (8.6) asks "
                               "of a request without content whose method gives content no "
                               "meaning.",
    "sdk-date": "X-Sdk-Date is the signing time, which differs between two runs.",
    "signature": "Signatures are computed at different times over the same canonical request; "
                 "each one was recomputed with the SDK's own signer over the request as "
                 "received and matched.",
    "signed-headers": "SignedHeaders lists the headers each client sent at signing time; both "
                      "signatures verify with the SDK's signer, and the gateway checks exactly "
                      "the listed headers. The one extra name on the SDK's side is the "
                      "Content-Type of bodiless requests, described above.",
    "boundary": "A multipart boundary is chosen at random per request by each client; the "
                "bodies are equal once each side's boundary is replaced by the same token.",
}


def compare(name, sdk, ours, found):
    """Prints the differences of one operation and adds their kinds to `found`."""
    lines = []

    def differ(what, a, b, kind=None):
        mark = "known: " + kind if kind else "UNEXPLAINED"
        lines.append("  %s (%s)\n    sdk:      %s\n    restrait: %s" % (what, mark, a, b))
        found.setdefault(kind, []).append(name)

    if sdk.method != ours.method:
        differ("method", sdk.method, ours.method)
    if sdk.path != ours.path:
        differ("path", sdk.path, ours.path)
    if sdk.query != ours.query:
        differ("query", sdk.query, ours.query)

    boundaries = []
    for captured in (sdk, ours):
        media = captured.header("content-type") or ""
        found_boundary = re.search(r"boundary=(\S+)", media)
        boundaries.append(found_boundary.group(1) if found_boundary else None)
    multipart = all(boundaries)

    sdk_headers = {k.lower(): v for k, v in sdk.headers}
    our_headers = {k.lower(): v for k, v in ours.headers}
    for key in sorted(set(sdk_headers) | set(our_headers)):
        a, b = sdk_headers.get(key), our_headers.get(key)
        if a == b:
            continue
        if key == "user-agent":
            kind = "user-agent"
        elif key in ("accept", "accept-encoding", "connection"):
            kind = "transport"
        elif key == "content-type" and b is None and not sdk.body:
            kind = "bodiless-content-type"
        elif key == "content-type" and multipart:
            same = a.replace(boundaries[0], "B") == b.replace(boundaries[1], "B")
            kind = "boundary" if same else None
        elif key == "content-length" and b is None and not sdk.body:
            kind = "bodiless-content-length"
        elif key == "content-length":
            kind = "content-length"
        elif key == "x-sdk-date":
            kind = "sdk-date"
        elif key == "authorization":
            continue
        else:
            kind = None
        differ("header %s" % key, a, b, kind)

    for side, captured in (("sdk", sdk), ("restrait", ours)):
        problem = verify_signature(captured)
        if problem:
            differ("signature of the %s request" % side, problem, "", None)
    sdk_auth = (sdk.header("authorization") or "").split(", ")
    our_auth = (ours.header("authorization") or "").split(", ")
    if sdk_auth[:1] != our_auth[:1]:
        differ("authorization scheme and key", sdk_auth[:1], our_auth[:1])
    if sdk_auth[1:2] != our_auth[1:2]:
        differ("authorization signed headers", sdk_auth[1:2], our_auth[1:2], "signed-headers")
    if sdk_auth[2:] != our_auth[2:]:
        found.setdefault("signature", []).append(name)

    if sdk.body != ours.body:
        a, b = sdk.body, ours.body
        if multipart:
            a = a.replace(boundaries[0].encode(), b"B")
            b = b.replace(boundaries[1].encode(), b"B")
        if a == b:
            found.setdefault("boundary", []).append(name)
        else:
            try:
                same = json.loads(a) == json.loads(b)
            except ValueError:
                same = False
            differ("body", a.decode("utf-8", "replace"), b.decode("utf-8", "replace"),
                   "json-bytes" if same else None)

    target = ours.path + ("?" + ours.query if ours.query else "")
    print("%s: %s %s" % (name, ours.method, target))
    print("\n".join(lines) if lines else "  no difference")


def main():
    server = Capture()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    os.environ["NO_PROXY"] = "127.0.0.1"
    with tempfile.TemporaryDirectory() as folder:
        user_list = Path(folder) / "users.csv"
        user_list.write_text(USER_LIST, encoding="utf-8")
        names = sdk_calls(server.url, user_list)
    sdk = server.take()
    rust_calls(server.url)
    ours = server.take()
    server.shutdown()
    if len(sdk) != len(names) or len(ours) != len(names):
        sys.exit("expected %d requests from each client, got %d from the SDK and %d from "
                 "restrait" % (len(names), len(sdk), len(ours)))

    found = {}
    for name, a, b in zip(names, sdk, ours):
        compare(name, a, b, found)

    print("\nSummary: %d operations compared." % len(names))
    for kind, why in KNOWN.items():
        if kind in found:
            operations = sorted(set(found[kind]))
            print("\n- %s (%d operations): %s" % (kind, len(operations), why))
    unexplained = sorted(set(found.get(None, [])))
    if unexplained:
        print("\nUNEXPLAINED differences in: %s" % ", ".join(unexplained))
        sys.exit(1)
    print("\nNo difference of an unknown kind.")


if __name__ == "__main__":
    sdk_venv.run_inside(__file__)
    main()
