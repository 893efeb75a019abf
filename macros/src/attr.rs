//! Parsing the arguments of `#[api(...)]`: the HTTP method, the path template and the options.

use proc_macro2::{Span, TokenStream};
use syn::parse::Parser;
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Expr, ExprCall, ExprLit, Ident, Lit, LitStr, Token};

use crate::diag::Errors;

/// The HTTP methods the attribute accepts, spelled as in the attribute.
pub(crate) const METHODS: &[&str] = &["get", "post", "put", "patch", "delete", "head", "options"];

/// The options the attribute accepts after the path.
const OPTIONS: &str = "`header(\"Name\", \"value\")`, `client(name, ..)`, `timeout = \"30s\"`, \
                       `idempotent`, `content_type = \"..\"`";

/// What the attribute said, each part present only when it parsed.
pub(crate) struct Attr {
    /// The method, lowercase as written, with its span.
    pub(crate) method: Option<Ident>,
    pub(crate) path: Option<LitStr>,
    pub(crate) headers: Vec<StaticHeader>,
    /// Placeholders filled from the client, from `client(..)`.
    pub(crate) client: Vec<Ident>,
    /// `timeout = "5s"`, in milliseconds.
    pub(crate) timeout_ms: Option<u64>,
    /// `idempotent`, with its span.
    pub(crate) idempotent: Option<Span>,
    /// `content_type = "application/json;charset=UTF-8"`, checked to be a valid header value.
    pub(crate) content_type: Option<LitStr>,
}

/// `header("X-Language", "en-us")`, checked to be a valid header name and value.
pub(crate) struct StaticHeader {
    /// Lowercased, as `http::HeaderName` stores it.
    pub(crate) name: String,
    pub(crate) value: String,
}

/// Parses the attribute's arguments, recording every mistake in `errors`.
pub(crate) fn parse(args: TokenStream, errors: &mut Errors) -> Attr {
    let mut attr = Attr {
        method: None,
        path: None,
        headers: Vec::new(),
        client: Vec::new(),
        timeout_ms: None,
        idempotent: None,
        content_type: None,
    };
    let call_site = Span::call_site();
    let items = match Punctuated::<Expr, Token![,]>::parse_terminated.parse2(args) {
        Ok(items) => items,
        Err(error) => {
            errors.push(error);
            return attr;
        }
    };
    let mut items = items.into_iter();

    match items.next() {
        Some(Expr::Path(path)) if path.path.get_ident().is_some() => {
            let ident = path.path.get_ident().cloned().expect("checked above");
            let name = ident.to_string();
            if METHODS.contains(&name.as_str()) {
                attr.method = Some(ident);
            } else if METHODS.contains(&name.to_ascii_lowercase().as_str()) {
                errors.at(
                    ident.span(),
                    format_args!(
                        "`#[api]` methods are written in lowercase: `{}`",
                        name.to_ascii_lowercase()
                    ),
                );
            } else {
                errors.at(
                    ident.span(),
                    format_args!("unknown HTTP method `{name}`; {}", expected()),
                );
            }
        }
        Some(other) => errors.spanned(
            other,
            format_args!("expected an HTTP method; {}", expected()),
        ),
        None => {
            errors.at(
                call_site,
                "`#[api]` needs an HTTP method and a path: `#[api(get, \"/path\")]`",
            );
            return attr;
        }
    }

    match items.next() {
        Some(Expr::Lit(ExprLit {
            lit: Lit::Str(path),
            ..
        })) => attr.path = Some(path),
        Some(other) => errors.spanned(
            other,
            "the path must be a string literal, such as `\"/v2/<project_id>/users\"`",
        ),
        None => errors.at(
            call_site,
            "`#[api]` needs a path after the method: `#[api(get, \"/path\")]`",
        ),
    }

    let mut client_seen: Option<Span> = None;
    for item in items {
        match &item {
            Expr::Call(call) => match option_name(call).as_deref() {
                Some("header") => parse_header(call, &mut attr, errors),
                Some("client") => {
                    if client_seen.is_some() {
                        errors.spanned(
                            &call.func,
                            "duplicate option `client`; list every name in one `client(..)`",
                        );
                    }
                    client_seen = Some(call.func.span());
                    parse_client(call, &mut attr, errors);
                }
                Some(name) => errors.spanned(
                    &call.func,
                    format_args!("unknown option `{name}`; expected one of {OPTIONS}"),
                ),
                None => errors.spanned(&call.func, format_args!("expected an option: {OPTIONS}")),
            },
            Expr::Path(path) if path.path.is_ident("idempotent") => {
                if attr.idempotent.is_some() {
                    errors.spanned(path, "duplicate option `idempotent`");
                }
                attr.idempotent = Some(path.span());
            }
            Expr::Path(path) if path.path.get_ident().is_some() => errors.spanned(
                path,
                format_args!(
                    "unknown option `{}`; expected one of {OPTIONS}",
                    path.path.get_ident().expect("checked above")
                ),
            ),
            Expr::Assign(assign) => match &*assign.left {
                Expr::Path(left) if left.path.is_ident("timeout") => {
                    if attr.timeout_ms.is_some() {
                        errors.spanned(left, "duplicate option `timeout`");
                    }
                    attr.timeout_ms = parse_timeout(&assign.right, errors).or(attr.timeout_ms);
                }
                Expr::Path(left) if left.path.is_ident("content_type") => {
                    if attr.content_type.is_some() {
                        errors.spanned(left, "duplicate option `content_type`");
                    }
                    match &*assign.right {
                        Expr::Lit(ExprLit {
                            lit: Lit::Str(value),
                            ..
                        }) => {
                            if check_header_value(value, errors) {
                                attr.content_type = Some(value.clone());
                            }
                        }
                        other => errors.spanned(
                            other,
                            "expected a media type string such as \
                             `content_type = \"application/json;charset=UTF-8\"`",
                        ),
                    }
                }
                Expr::Path(left) if left.path.get_ident().is_some() => errors.spanned(
                    left,
                    format_args!(
                        "unknown option `{}`; expected one of {OPTIONS}",
                        left.path.get_ident().expect("checked above")
                    ),
                ),
                other => errors.spanned(other, format_args!("expected an option: {OPTIONS}")),
            },
            Expr::Lit(ExprLit {
                lit: Lit::Str(_), ..
            }) => errors.spanned(
                &item,
                "unexpected second path; an operation has exactly one path",
            ),
            _ => errors.spanned(&item, format_args!("expected an option: {OPTIONS}")),
        }
    }
    attr
}

fn expected() -> String {
    let list: Vec<String> = METHODS.iter().map(|m| format!("`{m}`")).collect();
    format!("expected one of {}", list.join(", "))
}

fn option_name(call: &ExprCall) -> Option<String> {
    match &*call.func {
        Expr::Path(path) => path.path.get_ident().map(Ident::to_string),
        _ => None,
    }
}

fn string_arg(expr: Option<&Expr>) -> Option<&LitStr> {
    match expr {
        Some(Expr::Lit(ExprLit {
            lit: Lit::Str(s), ..
        })) => Some(s),
        _ => None,
    }
}

fn parse_header(call: &ExprCall, attr: &mut Attr, errors: &mut Errors) {
    let (Some(name), Some(value), 2) = (
        string_arg(call.args.first()),
        string_arg(call.args.get(1)),
        call.args.len(),
    ) else {
        errors.spanned(
            call,
            "expected `header(\"Name\", \"value\")` with two string literals",
        );
        return;
    };
    let ok_name = check_header_name(name, errors);
    let ok_value = check_header_value(value, errors);
    if !(ok_name && ok_value) {
        return;
    }
    let lower = name.value().to_ascii_lowercase();
    if attr.headers.iter().any(|h| h.name == lower) {
        errors.spanned(
            name,
            format_args!("duplicate static header `{}`", name.value()),
        );
        return;
    }
    attr.headers.push(StaticHeader {
        name: lower,
        value: value.value(),
    });
}

/// A header name is an RFC 9110 token. Shared with the `#[header("..")]` parameter attribute.
pub(crate) fn check_header_name(name: &LitStr, errors: &mut Errors) -> bool {
    let text = name.value();
    let valid = !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
    if !valid {
        errors.spanned(
            name,
            format_args!(
                "`{}` is not a valid header name; use letters, digits and `-`",
                text.escape_default()
            ),
        );
    }
    valid
}

/// A static header value is visible ASCII, spaces and tabs: what `HeaderValue::from_static`
/// accepts, so the generated constant cannot panic.
fn check_header_value(value: &LitStr, errors: &mut Errors) -> bool {
    let text = value.value();
    let valid = text
        .bytes()
        .all(|b| b == b'\t' || (b' '..=b'~').contains(&b));
    if !valid {
        errors.spanned(
            value,
            format_args!(
                "`{}` is not a valid header value; use visible ASCII without line breaks",
                text.escape_default()
            ),
        );
    }
    valid
}

fn parse_client(call: &ExprCall, attr: &mut Attr, errors: &mut Errors) {
    if call.args.is_empty() {
        errors.spanned(
            call,
            "expected `client(name, ..)` naming placeholders the client fills",
        );
    }
    for arg in &call.args {
        match arg {
            Expr::Path(path) if path.path.get_ident().is_some() => {
                let ident = path.path.get_ident().expect("checked above").clone();
                if attr.client.contains(&ident) {
                    errors.spanned(
                        &ident,
                        format_args!("`{ident}` is listed twice in `client(..)`"),
                    );
                } else {
                    attr.client.push(ident);
                }
            }
            other => errors.spanned(
                other,
                "expected the name of a placeholder, such as `project_id`",
            ),
        }
    }
}

/// `timeout = "5s"`: a duration such as `"500ms"`, `"30s"` or `"2m"`, read with `humantime`,
/// at least one millisecond and whole milliseconds.
fn parse_timeout(value: &Expr, errors: &mut Errors) -> Option<u64> {
    let Expr::Lit(ExprLit {
        lit: Lit::Str(text),
        ..
    }) = value
    else {
        errors.spanned(
            value,
            "expected a duration string such as `timeout = \"30s\"`",
        );
        return None;
    };
    let duration = match humantime::parse_duration(&text.value()) {
        Ok(duration) => duration,
        Err(error) => {
            errors.spanned(
                text,
                format_args!(
                    "`{}` is not a duration ({error}); write it as `\"500ms\"`, `\"30s\"` or \
                     `\"2m\"`",
                    text.value()
                ),
            );
            return None;
        }
    };
    let millis = u64::try_from(duration.as_millis()).ok();
    match millis {
        Some(millis) if millis > 0 && u128::from(millis) * 1_000_000 == duration.as_nanos() => {
            Some(millis)
        }
        Some(0) => {
            errors.spanned(text, "the timeout must be at least `1ms`");
            None
        }
        _ => {
            errors.spanned(text, "the timeout must be a whole number of milliseconds");
            None
        }
    }
}
