#!/usr/bin/env python3
"""Writes tests/vectors/signing.json: requests signed by Huawei Cloud's official Python SDK.

Run it with any Python 3.8+: `python3 tools/gen_signing_vectors.py`. On first use it creates
tools/.venv, installs the SDK version pinned in tools/requirements.txt into it, and runs itself
again with that interpreter. `cargo test` only reads the JSON; it never runs this script.

Each case is signed the way the SDK signs a real call: the request is built as the SDK's client
builds it (path values quoted with nothing safe, query values as raw text, the time fixed through
`X-Sdk-Date`), then handed to `BasicCredentials.sign_request`, which adds `X-Project-Id` and
`X-Security-Token` and picks the plain or the derived-key signer. The case records what the Rust
signer is given (the URL as it would be sent, the headers, the body) and what the SDK produced
(the `Authorization` header, every header after signing, the URI it sends, and the canonical
request and string to sign, which make a mismatch easy to locate).
"""

import json
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import quote

import sdk_venv

TOOLS = Path(__file__).resolve().parent
ROOT = TOOLS.parent
OUTPUT = ROOT / "tests" / "vectors" / "signing.json"


sdk_venv.run_inside(__file__, sdk_venv.CORE)

# Imported only inside the virtualenv, where the pinned SDK is installed.
from importlib.metadata import version  # noqa: E402

from huaweicloudsdkcore.auth.credentials import BasicCredentials  # noqa: E402
from huaweicloudsdkcore.sdk_request import SdkRequest  # noqa: E402
from huaweicloudsdkcore.signer import signer as sdk_signer  # noqa: E402

HOST = "workspace.ap-southeast-1.myhuaweicloud.com"
AK = "HPUAL3KD6ZZ6CZ3W7UXQ"
SK = "qcZ1gKW9bVk3EajBxyP7wRHn6mTsN0dfL8oUuJ2c"
PROJECT = "0a1b2c3d4e5f60718293a4b5c6d7e8f9"
TEMP_AK = "4ZBRP0RXUQ2HMBWQJIXW"
TEMP_SK = "Xn3pWq7YtZ0aBcDeFgHiJkLmNoPqRsTuVwXyZ123"
TOKEN = "gQpjbi1ub3J0aC00jA+YVcQXxSk/R1wq2XeD8g==" + "Tm9zZWN1cml0eXRva2Vu" * 8
T0 = 1700000000  # 2023-11-14T22:13:20Z
T1 = 1735689599  # 2024-12-31T23:59:59Z, one second before a day (and year) boundary
T2 = 1735689600  # 2025-01-01T00:00:00Z

JSON = [("Content-Type", "application/json")]
JSON_BODY = b'{"user_ids":["u-1","u-2"],"notify":true}'
BINARY_BODY = bytes(range(256)) + b"\x00\xff\r\n"


# Capture the canonical request and string to sign from inside the SDK's own signers.
CAPTURED = {}


def capture(cls):
    original = cls._process_string_to_sign

    def wrapper(self, canonical_request, t, *rest):
        string_to_sign = original(self, canonical_request, t, *rest)
        CAPTURED["canonical_request"] = canonical_request
        CAPTURED["string_to_sign"] = string_to_sign
        return string_to_sign

    cls._process_string_to_sign = wrapper


capture(sdk_signer.Signer)
capture(sdk_signer.DerivationAKSKSigner)


def case(
    name,
    method="GET",
    path="/v2/{project_id}/users",
    path_params=None,
    query=(),
    headers=(),
    body=None,
    ak=AK,
    sk=SK,
    project_id=PROJECT,
    token=None,
    derived=None,
    time=T0,
    host=HOST,
    wire_query=None,
):
    """One request, described the way the SDK's client receives a call's arguments.

    `wire_query` replaces the query string of the URL the Rust signer is given, to show that an
    equivalent but differently written query signs the same.
    """
    values = dict(path_params or {})
    if project_id:
        values.setdefault("project_id", project_id)
    resource_path = path
    for key, value in values.items():
        resource_path = resource_path.replace("{%s}" % key, quote(str(value), safe=""))
    if wire_query is None:
        wire_query = "&".join(
            "%s=%s" % (quote(k, safe=""), quote(v, safe="")) for k, v in query
        )
    url = "https://%s%s" % (host, resource_path)
    if wire_query:
        url += "?" + wire_query
    return {
        "name": name,
        "method": method,
        "host": host,
        "resource_path": resource_path,
        "query": list(query),
        "url": url,
        "headers": [list(h) for h in headers],
        "body": body,
        "ak": ak,
        "sk": sk,
        "project_id": project_id,
        "token": token,
        "derived": derived,
        "time": time,
    }


def cases():
    out = []
    add = out.append

    # Every method, with and without a body.
    for method in ["GET", "HEAD", "DELETE", "OPTIONS"]:
        add(case("method-%s-no-body" % method.lower(), method=method))
    for method in ["POST", "PUT", "PATCH", "DELETE"]:
        add(case("method-%s-json-body" % method.lower(), method=method, headers=JSON,
                 body=JSON_BODY))
    add(case("post-empty-body-with-json-type", method="POST", headers=JSON, body=b""))
    add(case("post-body-without-content-type", method="POST", body=b"plain bytes"))

    # Bodies: what is hashed and what is sent as UNSIGNED-PAYLOAD.
    add(case("json-charset-parameter", method="POST",
             headers=[("Content-Type", "application/json;charset=UTF-8")], body=JSON_BODY))
    add(case("json-unicode-body", method="POST", headers=JSON,
             body='{"name":"Zoë 日本 🚀"}'.encode()))
    add(case("bson-is-hashed", method="POST", headers=[("Content-Type", "application/bson")],
             body=b"\x05\x00\x00\x00\x00"))
    add(case("binary-octet-stream-unsigned", method="PUT",
             headers=[("Content-Type", "application/octet-stream")], body=BINARY_BODY))
    add(case("text-plain-unsigned", method="POST", headers=[("Content-Type", "text/plain")],
             body=b"hello"))
    add(case("form-urlencoded-unsigned", method="POST",
             headers=[("Content-Type", "application/x-www-form-urlencoded")], body=b"a=1&b=2"))
    add(case("multipart-unsigned", method="POST",
             headers=[("Content-Type", "multipart/form-data; boundary=xyz")],
             body=b"--xyz\r\ncontent\r\n--xyz--\r\n"))
    add(case("octet-stream-empty-body-hashes-empty", method="PUT",
             headers=[("Content-Type", "application/octet-stream")], body=b""))
    add(case("json-type-is-case-sensitive", method="POST",
             headers=[("Content-Type", "Application/JSON")], body=JSON_BODY))
    add(case("caller-supplied-content-sha256", method="PUT",
             headers=JSON + [("X-Sdk-Content-Sha256", "UNSIGNED-PAYLOAD")], body=JSON_BODY))

    # Query strings.
    add(case("query-sorted-by-key", query=[("offset", "10"), ("limit", "5"), ("b", "2"),
                                            ("a", "1")]))
    add(case("query-repeated-key", query=[("id", "c"), ("id", "a"), ("x", "1"), ("id", "b")]))
    add(case("query-empty-values", query=[("marker", ""), ("name", ""), ("a", "x")]))
    add(case("query-unicode", query=[("name", "日本"), ("city", "Zürich"), ("emoji", "🚀")]))
    add(case("query-sorted-before-encoding", query=[("k", "z"), ("k", "é"), ("k", "~"),
                                                     ("k", " ")]))
    add(case("query-reserved-characters",
             query=[("q", "a b&c=d+e/f?g#h%i"), ("a&b", "="), ("sort", "name:asc,id:desc")]))
    add(case("query-key-case", query=[("b", "1"), ("B", "2"), ("a", "3"), ("A", "4")]))
    add(case("query-booleans-and-numbers", query=[("enabled", "true"), ("limit", "100"),
                                                  ("offset", "0")]))
    add(case("query-written-differently", query=[("flag", ""), ("b", "~ x")],
             wire_query="flag&b=%7e%20x"))
    add(case("query-on-post", method="POST", query=[("dry_run", "false")], headers=JSON,
             body=JSON_BODY))

    # Path values.
    user = "/v2/{project_id}/users/{user_id}"
    add(case("path-slash-in-value", path=user, path_params={"user_id": "a/b"}))
    add(case("path-reserved-characters", path=user,
             path_params={"user_id": "!$&'()*+,;=:@?#[] %"}))
    add(case("path-percent-and-escaped-slash", path=user, path_params={"user_id": "50%/x%2Fy"}))
    add(case("path-unicode", path=user, path_params={"user_id": "Zoë-日本"}))
    add(case("path-unreserved", path=user, path_params={"user_id": "a-b.c_d~e"}))
    add(case("path-trailing-slash", path="/v2/{project_id}/users/"))
    add(case("path-root", path="/"))
    add(case("path-literal-colon", path="/v2/{project_id}/desktops/{id}:batch-delete",
             path_params={"id": "d1"}, method="POST", headers=JSON, body=b"{}"))
    add(case("path-without-project", path="/v3/auth/domains", project_id=None))
    add(case("path-dot-value", path=user, path_params={"user_id": ".hidden"}))

    # Headers.
    add(case("header-names-upper-and-lower",
             headers=[("X-UPPER-NAME", "A"), ("x-lower-name", "b"), ("X-Mixed-Name", "C")]))
    add(case("header-with-underscore-not-signed",
             headers=[("X_Custom_Underscore", "sent"), ("X-Custom", "signed")]))
    add(case("header-value-trimmed", headers=[("X-Padded", "  padded value \t"),
                                              ("X-Tab", "\tinner\ttab")]))
    add(case("header-value-unicode", headers=[("X-Display-Name", "Zoë 日本")]))
    add(case("header-value-empty", headers=[("X-Empty", "")]))
    add(case("header-explicit-host", headers=[("Host", "gateway.example.com")]))
    add(case("header-sdk-like", method="POST",
             headers=JSON + [("User-Agent", "huaweicloud-usdk-python/3.0"),
                             ("X-Language", "en-us")],
             body=JSON_BODY))
    add(case("host-with-port", host="127.0.0.1:8443"))

    # Credentials.
    add(case("temporary-credentials", ak=TEMP_AK, sk=TEMP_SK, token=TOKEN))
    add(case("temporary-credentials-post", method="POST", ak=TEMP_AK, sk=TEMP_SK, token=TOKEN,
             headers=JSON, body=JSON_BODY))
    add(case("no-project-id", project_id=None, path="/v3/projects"))
    add(case("other-time", time=T1))
    add(case("derived-get", derived=("ap-southeast-1", "workspace")))
    add(case("derived-post", method="POST", derived=("ap-southeast-1", "workspace"),
             headers=JSON, body=JSON_BODY, time=T1))
    add(case("derived-next-day", derived=("ap-southeast-1", "workspace"), time=T2))
    add(case("derived-temporary", derived=("cn-north-4", "iam"), ak=TEMP_AK, sk=TEMP_SK,
             token=TOKEN, query=[("b", "2"), ("a", "1")]))
    add(case("derived-binary", method="PUT", derived=("ap-southeast-1", "workspace"),
             headers=[("Content-Type", "application/octet-stream")], body=BINARY_BODY))
    return out


def basic_date(seconds):
    return datetime.fromtimestamp(seconds, timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def sign(spec):
    """Signs one case with the SDK and returns the JSON record."""
    date = basic_date(spec["time"])
    headers = {name: value for name, value in spec["headers"]}
    headers["X-Sdk-Date"] = date
    request = SdkRequest(
        method=spec["method"],
        schema="https",
        host=spec["host"],
        resource_path=spec["resource_path"],
        query_params=[tuple(pair) for pair in spec["query"]],
        header_params=headers,
        body=spec["body"],
    )
    credentials = BasicCredentials(spec["ak"], spec["sk"], spec["project_id"])
    if spec["token"] is not None:
        credentials.with_security_token(spec["token"])
    if spec["derived"] is not None:
        region, service = spec["derived"]
        credentials.with_derived_predicate(lambda _request: True)
        credentials._process_derived_auth_params(service, region)
    CAPTURED.clear()
    signed = credentials.sign_request(request)

    # The SDK leaves header values as UTF-8 bytes read as ISO-8859-1, ready for `requests`.
    sent = sorted(
        [name.lower(), value.encode("iso-8859-1").decode("utf-8")]
        for name, value in signed.header_params.items()
    )
    body = spec["body"]
    record = {
        "name": spec["name"],
        "access_key": spec["ak"],
        "secret_key": spec["sk"],
        "security_token": spec["token"],
        "project_id": spec["project_id"],
        "derived": None
        if spec["derived"] is None
        else {"region": spec["derived"][0], "service": spec["derived"][1]},
        "time": spec["time"],
        "method": spec["method"],
        "url": spec["url"],
        "headers": spec["headers"],
    }
    if body is None:
        pass
    else:
        try:
            record["body_utf8"] = body.decode("utf-8")
        except UnicodeDecodeError:
            record["body_hex"] = body.hex()
    record["expected"] = {
        "authorization": signed.header_params["Authorization"],
        "x_sdk_date": date,
        "uri": signed.uri,
        "headers": sent,
        "canonical_request": CAPTURED["canonical_request"],
        "string_to_sign": CAPTURED["string_to_sign"],
    }
    return record


def main():
    records = [sign(spec) for spec in cases()]
    names = [r["name"] for r in records]
    assert len(names) == len(set(names)), "case names must be unique"
    document = {
        "comment": "Generated by tools/gen_signing_vectors.py; do not edit by hand.",
        "sdk": "huaweicloudsdkcore %s" % version("huaweicloudsdkcore"),
        "cases": records,
    }
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    with open(OUTPUT, "w", encoding="utf-8") as out:
        json.dump(document, out, ensure_ascii=False, indent=1)
        out.write("\n")
    print("wrote %d cases to %s" % (len(records), OUTPUT.relative_to(ROOT)))


if __name__ == "__main__":
    main()
