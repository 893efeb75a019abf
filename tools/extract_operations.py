#!/usr/bin/env python3
"""Writes tools/workspace_operations.tsv: every operation of Huawei Cloud Workspace, as the
official Python SDK describes it.

Run it with any Python 3.8+: `python3 tools/extract_operations.py`. On first use it creates
tools/.venv, installs the SDK pinned in tools/requirements-workspace.txt into it, and runs itself
again with that interpreter. `cargo` only reads the TSV (examples/workspace-all/build.rs); it
never runs this script.

The SDK describes each operation in one classmethod of `WorkspaceClient`, `_<op>_http_info`,
which turns a request model into the method, the path template and the parameters sorted by
where they go. Rather than parsing that source, the script calls each classmethod with a request
whose every attribute holds a marker naming the attribute, and reads where each marker landed:

- `path_params`, `query_params`, `header_params` and `post_params` give the wire name of each
  attribute sent there; `collection_formats` marks the query values that are lists;
- `body` is the attribute sent as the body; for a `multipart/form-data` operation the body
  model's own attributes are the parts, a `file` typed one being a file part;
- the content type is the one `select_header_content_type` picked, recorded as the SDK sends it
  (lower-cased) and as declared.

Columns (items within a column are separated by single spaces, `-` stands for none):

  operation      the SDK's method name, `list_users`
  method         `GET`, `POST`, ...
  path           the template, `/v2/{project_id}/users/{user_id}`
  path_params    `attr=placeholder:type` for each placeholder filled from the request
  query_params   `attr=key:type`; a type `list[..]` is sent as one `key=value` per element
  header_params  `attr=Header-Name:type`
  body           `attr:type` of the JSON (or other) body
  form_params    `name:type` of the text parts of a multipart body
  file_params    `name:type` of the file parts of a multipart body
  content_type   what the SDK sends in `Content-Type`
  declared_types the content types the operation declares, `|`-separated, as written
  request_type   the request model
  response_type  the response model
  response_kind  `stream` (raw bytes), `none` (a model without fields), `json` (a model), or
                 `json-list` (a model whose `body` attribute is the whole JSON array)
  response_headers  headers the SDK copies into the response model
"""

import inspect
import re
from pathlib import Path

import sdk_venv

TOOLS = Path(__file__).resolve().parent
OUTPUT = TOOLS / "workspace_operations.tsv"

COLUMNS = [
    "operation",
    "method",
    "path",
    "path_params",
    "query_params",
    "header_params",
    "body",
    "form_params",
    "file_params",
    "content_type",
    "declared_types",
    "request_type",
    "response_type",
    "response_kind",
    "response_headers",
]


class Marker:
    """Stands for the value of one request attribute, so that its destination can be read."""

    def __init__(self, attr):
        self.attr = attr

    def __repr__(self):
        return f"Marker({self.attr})"


def marker_attr(value):
    """The attribute a value placed by `_http_info` came from, or None."""
    if isinstance(value, Marker):
        return value.attr
    if isinstance(value, list) and len(value) == 1 and isinstance(value[0], Marker):
        return value[0].attr
    return None


def compact(type_name):
    """A type name without spaces (`dict(str, str)`), so that items can be space-separated."""
    return type_name.replace(" ", "")


def request_class(client, model, operation):
    """The request model named in the docstring of the public method of `operation`."""
    doc = inspect.getdoc(getattr(client, operation)) or ""
    found = re.search(r":type request: :class:`[\w.]*?\.(\w+)`", doc)
    if found is None:
        raise SystemExit(f"{operation}: no request type in the docstring")
    return getattr(model, found.group(1))


def describe(client, model, operation, content_types, sdk_stream_response):
    """One row of the TSV for `operation`."""
    klass = request_class(client, model, operation)
    request = klass()
    types = dict(klass.openapi_types)
    for attr, type_name in types.items():
        setattr(request, attr, [Marker(attr)] if type_name.startswith("list[") else Marker(attr))
    content_types.clear()
    info = getattr(client, f"_{operation}_http_info")(request)
    used = set()

    def items(pairs, what):
        out = []
        for wire, value in pairs:
            attr = marker_attr(value)
            if attr is None:
                raise SystemExit(f"{operation}: {what} `{wire}` holds no request attribute")
            used.add(attr)
            out.append(f"{attr}={wire}:{compact(types[attr])}")
        return out

    path_params = items(info["path_params"].items(), "path parameter")
    query_params = items(info["query_params"], "query parameter")
    for wire, value in info["query_params"]:
        is_list = wire in info["collection_formats"]
        if is_list != types[marker_attr(value)].startswith("list["):
            raise SystemExit(f"{operation}: `{wire}` is a list in one place and not the other")
    headers = [(k, v) for k, v in info["header_params"].items() if k != "Content-Type"]
    header_params = items(headers, "header")
    content_type = info["header_params"].get("Content-Type", "")
    form_params = []
    file_params = []
    for wire, value in info["post_params"].items():
        attr = marker_attr(value)
        used.add(attr)
        target = file_params if types[attr] == "file" else form_params
        target.append(f"{wire}:{compact(types[attr])}")
    body = []
    body_attr = marker_attr(info["body"]) if info["body"] is not None else None
    if body_attr is not None:
        used.add(body_attr)
        body_type = types[body_attr]
        if content_type == "multipart/form-data" and hasattr(model, body_type):
            # The SDK sends the body model's attributes as the parts, files after the fields.
            body_model = getattr(model, body_type)
            for attr, part_type in body_model.openapi_types.items():
                wire = body_model.attribute_map[attr]
                target = file_params if part_type == "file" else form_params
                target.append(f"{wire}:{compact(part_type)}")
        else:
            body.append(f"{body_attr}:{compact(body_type)}")
    unused = set(types) - used
    if unused:
        raise SystemExit(f"{operation}: attributes sent nowhere: {sorted(unused)}")

    response_type = info["response_type"]
    response = getattr(model, response_type)
    response_headers = list(info["response_headers"])
    # Attributes filled from response headers are not part of the JSON body.
    response_fields = {
        a: t
        for a, t in response.openapi_types.items()
        if response.attribute_map[a] not in response_headers
    }
    if issubclass(response, sdk_stream_response):
        kind = "stream"
    elif not response_fields:
        kind = "none"
    elif list(response_fields) == ["body"] and response_fields["body"].startswith("list["):
        kind = "json-list"
    else:
        kind = "json"

    def cell(values):
        return " ".join(values) if values else "-"

    return [
        operation,
        info["method"],
        info["resource_path"],
        cell(path_params),
        cell(query_params),
        cell(header_params),
        cell(body),
        cell(form_params),
        cell(file_params),
        content_type or "-",
        "|".join(content_types[0]) if content_types and content_types[0] else "-",
        klass.__name__,
        response_type,
        kind,
        cell(response_headers),
    ]


def main():
    from huaweicloudsdkcore.sdk_stream_response import SdkStreamResponse
    from huaweicloudsdkworkspace.v2 import model
    from huaweicloudsdkworkspace.v2 import workspace_client
    from huaweicloudsdkworkspace.v2.workspace_client import WorkspaceClient

    # Records the content types each operation declares before the SDK picks and lower-cases
    # one of them.
    content_types = []
    pick = workspace_client.http_utils.select_header_content_type

    def recording(declared):
        content_types.append(list(declared))
        return pick(declared)

    workspace_client.http_utils.select_header_content_type = recording
    operations = sorted(
        name[1 : -len("_http_info")]
        for name in vars(WorkspaceClient)
        if name.startswith("_") and name.endswith("_http_info")
    )
    rows = [describe(WorkspaceClient, model, op, content_types, SdkStreamResponse)
            for op in operations]
    for row in rows:
        for value in row:
            if "\t" in value or "\n" in value:
                raise SystemExit(f"{row[0]}: a value holds a tab or a line break")
    with OUTPUT.open("w", encoding="utf-8", newline="\n") as out:
        out.write("\t".join(COLUMNS) + "\n")
        for row in rows:
            out.write("\t".join(row) + "\n")
    from importlib.metadata import version

    print(f"wrote {len(rows)} operations of huaweicloudsdkworkspace "
          f"{version('huaweicloudsdkworkspace')} to {OUTPUT.relative_to(TOOLS.parent)}")


if __name__ == "__main__":
    sdk_venv.run_inside(__file__)
    main()
