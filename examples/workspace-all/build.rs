//! Generates the operations of Huawei Cloud Workspace from `tools/workspace_operations.tsv`
//! (written by `tools/extract_operations.py` from the official Python SDK) into
//! `$OUT_DIR/operations.rs`, which `src/lib.rs` includes.
//!
//! By default each operation becomes one `#[api]` method of the trait `Workspace`, with
//! untyped JSON bodies. An operation is declared as the SDK sends it, so one the attribute
//! cannot express fails the build where it is declared; what the attribute would accept but
//! send differently (a body that is neither JSON nor a form) becomes a `compile_error!` naming
//! the operation. With the feature `plain-reqwest` the same operations become plain async
//! functions over reqwest, the baseline of a compile-time comparison.

use std::env;
use std::fmt::Write;
use std::fs;
use std::path::PathBuf;

/// One row of the TSV; the columns are described in `tools/extract_operations.py`.
struct Operation {
    name: String,
    method: String,
    path: String,
    path_params: Vec<Param>,
    query_params: Vec<Param>,
    header_params: Vec<Param>,
    body: Option<String>,
    form_params: Vec<Param>,
    file_params: Vec<Param>,
    content_type: String,
    request_type: String,
    response_kind: String,
    response_headers: bool,
}

/// A parameter: its name in the request model, its name on the wire and its SDK type.
struct Param {
    attr: String,
    wire: String,
    ty: String,
}

/// What a parameter becomes in Rust, or why it cannot be generated.
struct Rendered {
    ident: String,
    ty: &'static str,
}

fn main() {
    let manifest = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let table = manifest.join("../../tools/workspace_operations.tsv");
    println!("cargo::rerun-if-changed={}", table.display());
    let text = fs::read_to_string(&table)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", table.display()));
    let operations: Vec<Operation> = text.lines().skip(1).map(parse).collect();
    let code = if env::var_os("CARGO_FEATURE_PLAIN_REQWEST").is_some() {
        render_reqwest(&operations)
    } else {
        render_trait(&operations)
    };
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("set by cargo")).join("operations.rs");
    fs::write(&out, code).unwrap_or_else(|e| panic!("cannot write {}: {e}", out.display()));
}

/// The items of a cell: space-separated, `-` for none.
fn list(cell: &str) -> Vec<&str> {
    if cell == "-" {
        Vec::new()
    } else {
        cell.split(' ').collect()
    }
}

fn parse(line: &str) -> Operation {
    let cells: Vec<&str> = line.split('\t').collect();
    assert_eq!(cells.len(), 15, "a row of the TSV has 15 columns: {line}");
    // `attr=wire:type` for request parameters, `name:type` for form parts.
    let params = |cell: &str| -> Vec<Param> {
        list(cell)
            .into_iter()
            .map(|item| {
                let (names, ty) = item.split_once(':').expect("`:` before the type");
                let (attr, wire) = names.split_once('=').unwrap_or((names, names));
                Param {
                    attr: attr.to_owned(),
                    wire: wire.to_owned(),
                    ty: ty.to_owned(),
                }
            })
            .collect()
    };
    Operation {
        name: cells[0].to_owned(),
        method: cells[1].to_ascii_lowercase(),
        path: cells[2].to_owned(),
        path_params: params(cells[3]),
        query_params: params(cells[4]),
        header_params: params(cells[5]),
        body: list(cells[6]).first().map(|body| {
            let (_, ty) = body.split_once(':').expect("`:` before the type");
            ty.to_owned()
        }),
        form_params: params(cells[7]),
        file_params: params(cells[8]),
        content_type: cells[9].to_owned(),
        request_type: cells[11].to_owned(),
        response_kind: cells[13].to_owned(),
        response_headers: cells[14] != "-",
    }
}

/// The words that are Rust keywords in edition 2024 and can be raw identifiers.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "dyn", "else", "enum", "extern", "false",
    "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "static", "struct", "trait", "true", "type", "unsafe", "use", "where",
    "while", "abstract", "become", "box", "do", "final", "macro", "override", "priv", "try",
    "typeof", "unsized", "virtual", "yield",
];

fn ident(name: &str) -> Result<String, String> {
    let valid = name.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !valid || matches!(name, "self" | "super" | "crate" | "_") {
        return Err(format!("`{name}` cannot be a Rust parameter name"));
    }
    Ok(if KEYWORDS.contains(&name) {
        format!("r#{name}")
    } else {
        name.to_owned()
    })
}

/// The SDK's name of the operation, such as `ListUsers`.
fn sdk_name(operation: &Operation) -> &str {
    operation
        .request_type
        .strip_suffix("Request")
        .unwrap_or(&operation.request_type)
}

/// The path template with `{name}` placeholders as `<name>`.
fn template(path: &str) -> String {
    path.replace('{', "<").replace('}', ">")
}

/// Whether the project id comes from the client rather than from a parameter.
fn client_project(operation: &Operation) -> bool {
    operation.path.contains("{project_id}")
        && !operation.path_params.iter().any(|p| p.wire == "project_id")
}

/// The Rust type of a query, header or form value of the SDK type `ty`.
fn value_type(ty: &str) -> Result<&'static str, String> {
    match ty {
        "str" | "datetime" => Ok("::core::option::Option<&str>"),
        "int" => Ok("::core::option::Option<i64>"),
        "bool" => Ok("::core::option::Option<bool>"),
        "list[str]" => Ok("&[&str]"),
        other => Err(format!("a value of the SDK type `{other}`")),
    }
}

/// The parameters of `operation` in declaration order, with the attribute each needs.
fn parameters(operation: &Operation) -> Result<Vec<(String, Rendered)>, String> {
    let mut out = Vec::new();
    // Placeholders in the order the path has them.
    let mut rest = operation.path.as_str();
    while let Some(start) = rest.find('{') {
        let end = rest[start..].find('}').ok_or("an unclosed placeholder")? + start;
        let name = &rest[start + 1..end];
        rest = &rest[end + 1..];
        if name == "project_id" && client_project(operation) {
            continue;
        }
        let param = operation
            .path_params
            .iter()
            .find(|p| p.wire == name)
            .ok_or_else(|| format!("no parameter fills the placeholder `{{{name}}}`"))?;
        if param.ty != "str" {
            return Err(format!("a path value of the SDK type `{}`", param.ty));
        }
        let rendered = Rendered {
            ident: ident(name)?,
            ty: "&str",
        };
        out.push((String::new(), rendered));
    }
    for param in &operation.query_params {
        let attribute = if param.attr == param.wire {
            "#[query] ".to_owned()
        } else {
            format!("#[query({:?})] ", param.wire)
        };
        let ty = value_type(&param.ty)?;
        out.push((
            attribute,
            Rendered {
                ident: ident(&param.attr)?,
                ty,
            },
        ));
    }
    for param in &operation.header_params {
        let ty = value_type(&param.ty)?;
        let rendered = Rendered {
            ident: ident(&param.attr)?,
            ty,
        };
        out.push((format!("#[header({:?})] ", param.wire), rendered));
    }
    for param in &operation.form_params {
        let ty = value_type(&param.ty)?;
        let rendered = Rendered {
            ident: ident(&param.attr)?,
            ty,
        };
        out.push((format!("#[form({:?})] ", param.wire), rendered));
    }
    for param in &operation.file_params {
        let rendered = Rendered {
            ident: ident(&param.attr)?,
            ty: "&::restrait::FormFile",
        };
        out.push((format!("#[file({:?})] ", param.wire), rendered));
    }
    if operation.body.is_some() {
        let rendered = Rendered {
            ident: "body".to_owned(),
            ty: "&::serde_json::Value",
        };
        out.push(("#[body] ".to_owned(), rendered));
    }
    let mut seen = std::collections::HashSet::new();
    for (_, rendered) in &out {
        if !seen.insert(rendered.ident.as_str()) {
            return Err(format!("two parameters are named `{}`", rendered.ident));
        }
    }
    Ok(out)
}

/// Checks what the body is and returns the `content_type` option it needs, if any.
fn content_type_option(operation: &Operation) -> Result<String, String> {
    let has_parts = !operation.form_params.is_empty() || !operation.file_params.is_empty();
    match (operation.content_type.as_str(), &operation.body, has_parts) {
        ("multipart/form-data", None, _) => Ok(String::new()),
        (media, Some(ty), _) if ty == "file" || ty.starts_with("list[file") => Err(format!(
            "the body is a file sent as `{media}`, and `#[body]` sends JSON"
        )),
        (_, None, true) => Err(format!(
            "form parts sent as `{}`, not `multipart/form-data`",
            operation.content_type
        )),
        ("application/json", _, _) => Ok(String::new()),
        (media, Some(_), _) if media.starts_with("application/json") => {
            Ok(format!(", content_type = {media:?}"))
        }
        // Without a body nothing carries a media type: restrait sends no `Content-Type`.
        (_, None, false) => Ok(String::new()),
        (media, Some(_), _) => Err(format!(
            "the body is sent as `{media}`, and `#[body]` sends JSON"
        )),
    }
}

fn return_type(operation: &Operation) -> Result<String, String> {
    let body = match operation.response_kind.as_str() {
        "json" | "json-list" => "::serde_json::Value",
        "none" => "()",
        "stream" => "::restrait::Bytes",
        other => return Err(format!("a response of the kind `{other}`")),
    };
    Ok(if operation.response_headers {
        format!("::restrait::Response<{body}>")
    } else {
        body.to_owned()
    })
}

fn render_trait(operations: &[Operation]) -> String {
    let mut out = String::new();
    out.push_str(
        "/// Every operation of Workspace, generated from `tools/workspace_operations.tsv`.\n\
         pub trait Workspace: ::restrait::Api {\n",
    );
    for operation in operations {
        let declaration = parameters(operation).and_then(|params| {
            let options = content_type_option(operation)?;
            Ok((params, options, return_type(operation)?))
        });
        let (params, options, returns) = match declaration {
            Ok(declaration) => declaration,
            Err(why) => {
                let message = format!("operation `{}`: {why}", operation.name);
                let _ = writeln!(out, "    ::core::compile_error!({message:?});");
                continue;
            }
        };
        let client = if client_project(operation) {
            ", client(project_id)"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "    /// The SDK's `{}`: `{} {}`.",
            sdk_name(operation),
            operation.method.to_ascii_uppercase(),
            operation.path
        );
        let _ = writeln!(
            out,
            "    #[::restrait::api({}, {:?}{client}{options})]",
            operation.method,
            template(&operation.path)
        );
        let _ = write!(
            out,
            "    async fn {}(&self",
            ident(&operation.name).unwrap()
        );
        for (attribute, param) in &params {
            let _ = write!(out, ", {attribute}{}: {}", param.ident, param.ty);
        }
        let _ = writeln!(
            out,
            ") -> ::core::result::Result<{returns}, ::restrait::Error>;"
        );
    }
    out.push_str("}\n");
    render_names(&mut out, operations);
    out
}

/// The operation names in table order, for tests that compare the crate with the table.
fn render_names(out: &mut String, operations: &[Operation]) {
    let _ = writeln!(
        out,
        "/// The operations, by the SDK's method names, in the order of the table.\n\
         pub const OPERATIONS: [&str; {}] = [",
        operations.len()
    );
    for operation in operations {
        let _ = writeln!(out, "    {:?},", operation.name);
    }
    out.push_str("];\n");
}

/// The same operations as plain functions: a URL built with `format!` and percent-encoded
/// segments, a query of pairs, headers, a JSON or multipart body, and the JSON answer.
fn render_reqwest(operations: &[Operation]) -> String {
    let mut out = String::new();
    for operation in operations {
        let params = match parameters(operation) {
            Ok(params) => params,
            Err(why) => {
                let message = format!("operation `{}`: {why}", operation.name);
                let _ = writeln!(out, "::core::compile_error!({message:?});");
                continue;
            }
        };
        let returns = match operation.response_kind.as_str() {
            "none" => "()",
            "stream" => "::std::vec::Vec<u8>",
            _ => "::serde_json::Value",
        };
        let _ = writeln!(
            out,
            "/// The SDK's `{}`: `{} {}`.",
            sdk_name(operation),
            operation.method.to_ascii_uppercase(),
            operation.path
        );
        let _ = write!(
            out,
            "pub async fn {}(client: &::reqwest::Client, base: &str",
            ident(&operation.name).unwrap()
        );
        if client_project(operation) {
            out.push_str(", project_id: &str");
        }
        for (attribute, param) in &params {
            let ty = if attribute.starts_with("#[file") {
                "::reqwest::multipart::Part"
            } else {
                param.ty
            };
            let _ = write!(out, ", {}: {ty}", param.ident);
        }
        let _ = writeln!(
            out,
            ") -> ::core::result::Result<{returns}, ::reqwest::Error> {{"
        );
        // The URL: each placeholder's value encoded as one segment.
        let mut format = String::new();
        let mut args = String::new();
        let mut rest = operation.path.as_str();
        while let Some(start) = rest.find('{') {
            let end = rest[start..].find('}').unwrap() + start;
            format.push_str(&rest[..start]);
            format.push_str("{}");
            let _ = write!(args, ", segment({})", ident(&rest[start + 1..end]).unwrap());
            rest = &rest[end + 1..];
        }
        format.push_str(rest);
        let _ = writeln!(out, "    let url = format!(\"{{base}}{format}\"{args});");
        let changed = !operation.query_params.is_empty()
            || !operation.header_params.is_empty()
            || !operation.form_params.is_empty()
            || !operation.file_params.is_empty()
            || operation.body.is_some();
        let _ = writeln!(
            out,
            "    let {}request = client.request(::reqwest::Method::{}, url);",
            if changed { "mut " } else { "" },
            operation.method.to_ascii_uppercase()
        );
        if !operation.query_params.is_empty() {
            out.push_str("    let mut query: Vec<(&str, String)> = Vec::new();\n");
        }
        let mut form = false;
        for (attribute, param) in &params {
            let name = &param.ident;
            if attribute.starts_with("#[query") || attribute.starts_with("#[header") {
                let wire = attribute
                    .split('"')
                    .nth(1)
                    .map_or_else(|| name.trim_start_matches("r#").to_owned(), str::to_owned);
                let push = if attribute.starts_with("#[query") {
                    format!("query.push(({wire:?}, value.to_string()))")
                } else {
                    format!("request = request.header({wire:?}, value)")
                };
                let iterate = if param.ty.starts_with('&') {
                    format!("for value in {name}")
                } else {
                    format!("if let Some(value) = {name}")
                };
                let _ = writeln!(out, "    {iterate} {{ {push}; }}");
            } else if attribute.starts_with("#[file") || attribute.starts_with("#[form") {
                let wire = attribute.split('"').nth(1).unwrap();
                if !form {
                    out.push_str("    let mut form = ::reqwest::multipart::Form::new();\n");
                    form = true;
                }
                if attribute.starts_with("#[file") {
                    let _ = writeln!(out, "    form = form.part({wire:?}, {name});");
                } else {
                    let _ = writeln!(
                        out,
                        "    if let Some(value) = {name} {{ form = form.text({wire:?}, \
                         value.to_owned()); }}"
                    );
                }
            }
        }
        if !operation.query_params.is_empty() {
            out.push_str("    request = request.query(&query);\n");
        }
        if form {
            out.push_str("    request = request.multipart(form);\n");
        }
        if operation.body.is_some() {
            if operation.content_type != "application/json" {
                let _ = writeln!(
                    out,
                    "    request = request.header(::reqwest::header::CONTENT_TYPE, {:?});",
                    operation.content_type
                );
            }
            out.push_str("    request = request.json(body);\n");
        }
        out.push_str("    let response = request.send().await?.error_for_status()?;\n");
        match returns {
            "()" => out.push_str("    let _ = response;\n    Ok(())\n"),
            "::std::vec::Vec<u8>" => out.push_str("    Ok(response.bytes().await?.to_vec())\n"),
            _ => out.push_str("    response.json().await\n"),
        }
        out.push_str("}\n\n");
    }
    render_names(&mut out, operations);
    out
}
