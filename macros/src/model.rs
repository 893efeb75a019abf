//! The validated model of one `#[api]` method, built from the attribute and the signature.
//!
//! Every check happens here, while the model is built; a model that comes out is complete and
//! consistent, and `expand` only renders it.

use syn::ext::IdentExt;
use syn::{
    FnArg, GenericArgument, Ident, LitStr, Pat, PathArguments, ReturnType, Signature, TraitItemFn,
    Type,
};

use crate::attr::{self, Attr, StaticHeader};
use crate::diag::Errors;
use crate::template::{self, Piece};

/// One declared operation, ready to render.
pub(crate) struct Operation {
    pub(crate) method: Ident,
    pub(crate) template: LitStr,
    pub(crate) segments: Vec<Segment>,
    pub(crate) static_headers: Vec<StaticHeader>,
    pub(crate) params: Vec<Param>,
    pub(crate) success: Success,
    pub(crate) content_type: Option<String>,
    pub(crate) timeout_ms: Option<u64>,
    pub(crate) idempotent: bool,
}

/// A piece of the path, with placeholders resolved.
pub(crate) enum Segment {
    Literal(String),
    /// Filled by the parameter of this index in [`Operation::params`].
    Param(String, usize),
    Client(String),
}

/// A method parameter and where its value goes.
pub(crate) struct Param {
    pub(crate) ident: Ident,
    pub(crate) ty: Type,
    pub(crate) kind: ParamKind,
}

pub(crate) enum ParamKind {
    Path,
    /// A parameter whose attribute was wrong and already reported; not checked further.
    Invalid,
    Query(String),
    /// `#[query(flatten)]`: each field of a struct or map is a query parameter.
    QueryFields,
    /// The lowercased header name.
    Header(String),
    Body,
    /// A text part of a `multipart/form-data` body.
    Form(String),
    /// A file part of a `multipart/form-data` body.
    File(String),
}

/// How the success value is decoded, from the `T` of `Result<T, E>`.
pub(crate) enum Success {
    /// `()`: any 2xx.
    Unit,
    /// A type named `Bytes`: the raw body.
    Raw,
    /// Anything else: a JSON body.
    Json(Box<Type>),
    /// `Response<T>`: `T` decoded as above, with status and headers.
    WithResponse(Box<Success>),
}

/// Builds the model, or records why it cannot. Strips the parameter attributes it reads from
/// `item`, so the method can be emitted whatever happens.
pub(crate) fn build(attr: Attr, item: &mut TraitItemFn, errors: &mut Errors) -> Option<Operation> {
    let sig = &mut item.sig;
    check_signature(sig, errors);
    // A parameter written as a pattern has no name to bind; placeholders are then not reported
    // as unbound, since the pattern is the mistake.
    let mut had_pattern = false;
    let params = collect_params(sig, &mut had_pattern, errors);
    let success = success_type(sig, errors);

    let (method, template) = (attr.method?, attr.path?);
    let pieces = template::parse(&template, errors);

    // Bind placeholders to parameters and client values by name.
    let mut segments = Vec::with_capacity(pieces.len());
    let mut bound = vec![false; params.len()];
    let mut client_used = vec![false; attr.client.len()];
    let mut seen: Vec<&str> = Vec::new();
    for piece in &pieces {
        let (name, span) = match piece {
            Piece::Literal(text) => {
                segments.push(Segment::Literal(text.clone()));
                continue;
            }
            Piece::Placeholder { name, span } => (name, *span),
        };
        if seen.contains(&name.as_str()) {
            errors.at(
                span,
                format_args!(
                    "the placeholder `<{name}>` appears twice; a parameter fills one placeholder"
                ),
            );
            continue;
        }
        seen.push(name);
        let param = params
            .iter()
            .position(|p| matches!(p.kind, ParamKind::Path) && p.ident.unraw() == name.as_str());
        let client = attr.client.iter().position(|c| c.unraw() == name.as_str());
        match (param, client) {
            (Some(index), None) => {
                bound[index] = true;
                segments.push(Segment::Param(name.clone(), index));
            }
            (None, Some(index)) => {
                client_used[index] = true;
                segments.push(Segment::Client(name.clone()));
            }
            (Some(index), Some(client)) => {
                bound[index] = true;
                client_used[client] = true;
                errors.spanned(
                    &attr.client[client],
                    format_args!(
                        "`<{name}>` is filled both by the parameter `{name}` and by the client; \
                         remove one"
                    ),
                );
            }
            (None, None) if had_pattern => {}
            (None, None) => errors.at(
                span,
                format_args!(
                    "no parameter named `{name}` for the placeholder `<{name}>`; add a parameter \
                     `{name}`, or write `client({name})` if the client fills it"
                ),
            ),
        }
    }
    for (param, bound) in params.iter().zip(&bound) {
        if matches!(param.kind, ParamKind::Path) && !bound {
            errors.spanned(
                &param.ident,
                format_args!(
                    "the parameter `{0}` is bound to nothing; add `<{0}>` to the path or mark it \
                     `#[query]`, `#[header(\"Name\")]` or `#[body]`",
                    param.ident.unraw()
                ),
            );
        }
    }
    for (client, used) in attr.client.iter().zip(&client_used) {
        if !used {
            errors.spanned(
                client,
                format_args!(
                    "`client({0})` names no placeholder; the path has no `<{0}>`",
                    client.unraw()
                ),
            );
        }
    }

    let method_name = method.to_string();
    let body = params.iter().find(|p| matches!(p.kind, ParamKind::Body));
    let part = params
        .iter()
        .find(|p| matches!(p.kind, ParamKind::Form(_) | ParamKind::File(_)));
    for param in body.iter().chain(part.iter()) {
        if method_name == "get" || method_name == "head" {
            errors.spanned(
                &param.ident,
                format_args!("a `{method_name}` request has no body; remove the body parameter"),
            );
            break;
        }
    }
    if let (Some(_), Some(part)) = (body, part) {
        errors.spanned(
            &part.ident,
            "`#[form]` and `#[file]` make a multipart body, which excludes a `#[body]`",
        );
    }
    if let (Some(content_type), None) = (&attr.content_type, body) {
        errors.spanned(
            content_type,
            "`content_type` sets the `#[body]`'s media type, and this method has no `#[body]`",
        );
    }

    let safe = matches!(
        method_name.as_str(),
        "get" | "head" | "put" | "delete" | "options"
    );
    if let (Some(span), true) = (attr.idempotent, safe) {
        errors.at(
            span,
            format_args!("`{method_name}` requests are idempotent already; remove `idempotent`"),
        );
    }
    let idempotent = safe || attr.idempotent.is_some();

    Some(Operation {
        content_type: attr.content_type.map(|c| c.value()),
        timeout_ms: attr.timeout_ms,
        idempotent,
        method,
        template,
        segments,
        static_headers: attr.headers,
        params,
        success: success?,
    })
}

fn check_signature(sig: &Signature, errors: &mut Errors) {
    if sig.asyncness.is_none() {
        errors.spanned(
            sig.fn_token,
            "`#[api]` methods are `async fn`; add `async` before `fn`",
        );
    }
    match sig.inputs.first() {
        Some(FnArg::Receiver(receiver))
            if receiver.reference.is_some()
                && receiver.mutability.is_none()
                && receiver.colon_token.is_none() => {}
        Some(FnArg::Receiver(receiver)) => {
            errors.spanned(receiver, "`#[api]` methods take `&self`")
        }
        _ => errors.at(
            sig.paren_token.span.open(),
            "`#[api]` methods take `&self` as their first parameter",
        ),
    }
    if let Some(variadic) = &sig.variadic {
        errors.spanned(variadic, "`#[api]` methods cannot be variadic");
    }
}

/// Reads each typed parameter and its `#[query]`, `#[header(..)]` or `#[body]` attribute,
/// removing those attributes from the signature.
fn collect_params(sig: &mut Signature, had_pattern: &mut bool, errors: &mut Errors) -> Vec<Param> {
    let mut params = Vec::new();
    let mut body_seen = false;
    for arg in sig.inputs.iter_mut() {
        let FnArg::Typed(typed) = arg else { continue };
        let mut kind: Option<ParamKind> = None;
        let mut kept = Vec::with_capacity(typed.attrs.len());
        for attribute in typed.attrs.drain(..) {
            let Some(name) = attribute.path().get_ident().map(Ident::to_string) else {
                kept.push(attribute);
                continue;
            };
            let parsed = match name.as_str() {
                "query" if is_flatten(&attribute) => Some(ParamKind::QueryFields),
                "query" => parse_key(&attribute, &typed.pat, errors).map(ParamKind::Query),
                "form" => parse_key(&attribute, &typed.pat, errors).map(ParamKind::Form),
                "file" => parse_key(&attribute, &typed.pat, errors).map(ParamKind::File),
                "header" => parse_header(&attribute, errors),
                "body" => match attribute.meta.require_path_only() {
                    Ok(_) => Some(ParamKind::Body),
                    Err(_) => {
                        errors.spanned(&attribute, "`#[body]` takes no arguments");
                        None
                    }
                },
                _ => {
                    kept.push(attribute);
                    continue;
                }
            };
            let new = parsed.unwrap_or(ParamKind::Invalid);
            if kind.is_some() {
                errors.spanned(
                    &attribute,
                    "a parameter has at most one of `#[query]`, `#[header(..)]`, `#[body]`",
                );
                continue;
            }
            if matches!(new, ParamKind::Body) {
                if body_seen {
                    errors.spanned(&attribute, "only one parameter can be the `#[body]`");
                }
                body_seen = true;
            }
            kind = Some(new);
        }
        typed.attrs = kept;
        let Pat::Ident(pat) = &*typed.pat else {
            *had_pattern = true;
            errors.spanned(
                &typed.pat,
                "`#[api]` parameters are plain names, which bind them to placeholders and keys",
            );
            continue;
        };
        if pat.by_ref.is_some() || pat.subpat.is_some() {
            errors.spanned(&typed.pat, "`#[api]` parameters are plain names");
            continue;
        }
        params.push(Param {
            ident: pat.ident.clone(),
            ty: (*typed.ty).clone(),
            kind: kind.unwrap_or(ParamKind::Path),
        });
    }
    params
}

/// `#[query(flatten)]`.
fn is_flatten(attribute: &syn::Attribute) -> bool {
    attribute
        .parse_args::<Ident>()
        .is_ok_and(|ident| ident == "flatten")
}

/// `#[query]`, `#[form]`, `#[file]`: the key is the parameter's name (without `r#`), or the
/// string given, as in `#[query("key")]`.
fn parse_key(attribute: &syn::Attribute, pat: &Pat, errors: &mut Errors) -> Option<String> {
    let what = attribute
        .path()
        .get_ident()
        .map(Ident::to_string)
        .unwrap_or_default();
    if attribute.meta.require_path_only().is_ok() {
        return match pat {
            Pat::Ident(p) => Some(p.ident.unraw().to_string()),
            _ => None,
        };
    }
    match attribute.parse_args::<LitStr>() {
        Ok(name) if !name.value().is_empty() => Some(name.value()),
        Ok(name) => {
            errors.spanned(name, format_args!("the `#[{what}]` key cannot be empty"));
            None
        }
        Err(_) => {
            let flatten = if what == "query" {
                " or `#[query(flatten)]`"
            } else {
                ""
            };
            errors.spanned(
                attribute,
                format_args!("expected `#[{what}]`, `#[{what}(\"key\")]`{flatten}"),
            );
            None
        }
    }
}

fn parse_header(attribute: &syn::Attribute, errors: &mut Errors) -> Option<ParamKind> {
    match attribute.parse_args::<LitStr>() {
        Ok(name) => attr::check_header_name(&name, errors)
            .then(|| ParamKind::Header(name.value().to_ascii_lowercase())),
        Err(_) => {
            errors.spanned(
                attribute,
                "expected `#[header(\"Name\")]` with the header's name",
            );
            None
        }
    }
}

/// The `T` of a declared `Result<T, E>`.
fn success_type(sig: &Signature, errors: &mut Errors) -> Option<Success> {
    let ReturnType::Type(_, ty) = &sig.output else {
        errors.at(
            sig.paren_token.span.close(),
            "`#[api]` methods return `Result<T, restrait::Error>`; add the return type",
        );
        return None;
    };
    let ok = result_ok_type(ty);
    if ok.is_none() {
        errors.spanned(ty, "`#[api]` methods return `Result<T, restrait::Error>`");
    }
    ok.map(classify)
}

fn result_ok_type(ty: &Type) -> Option<&Type> {
    let Type::Path(path) = ty else { return None };
    let last = path.path.segments.last()?;
    if last.ident != "Result" {
        return None;
    }
    let PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    match args.args.first() {
        Some(GenericArgument::Type(ok)) => Some(ok),
        _ => None,
    }
}

/// Reads the decoding from the success type's spelling: macros see no type information, so a
/// type alias of `()`, `Bytes` or `Response<T>` is decoded as JSON. The spellings are the ones
/// `restrait` exports.
fn classify(ty: &Type) -> Success {
    match ty {
        Type::Tuple(tuple) if tuple.elems.is_empty() => Success::Unit,
        Type::Paren(inner) => classify(&inner.elem),
        Type::Path(path) if path.qself.is_none() => {
            let last = path.path.segments.last().expect("a path has a segment");
            if last.ident == "Bytes" && last.arguments.is_none() {
                return Success::Raw;
            }
            if last.ident == "Response" {
                if let PathArguments::AngleBracketed(args) = &last.arguments {
                    if let (1, Some(GenericArgument::Type(inner))) =
                        (args.args.len(), args.args.first())
                    {
                        return Success::WithResponse(Box::new(classify(inner)));
                    }
                }
            }
            Success::Json(Box::new(ty.clone()))
        }
        _ => Success::Json(Box::new(ty.clone())),
    }
}
