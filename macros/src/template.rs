//! Lexing the path template: `"/v2/<project_id>/users/<user_id>"` into literal text and
//! placeholders, each placeholder with the span of its own characters where the compiler can
//! give one (the whole literal otherwise).

use std::ops::Range;

use proc_macro2::Span;
use syn::LitStr;

use crate::diag::Errors;

/// One piece of a template, in order.
pub(crate) enum Piece {
    /// Text copied into the path as written.
    Literal(String),
    /// `<name>`: the name without brackets, and the span of `<name>`.
    Placeholder { name: String, span: Span },
}

/// Splits `lit` into pieces, recording every mistake in `errors`.
pub(crate) fn parse(lit: &LitStr, errors: &mut Errors) -> Vec<Piece> {
    let text = lit.value();
    let mut pieces = Vec::new();
    if !text.starts_with('/') {
        errors.spanned(lit, "the path must start with `/`");
    }
    let bytes = text.as_bytes();
    let mut literal_start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'<' => {
                let rest = &text[i + 1..];
                let end = rest
                    .find(['<', '>', '/'])
                    .filter(|&e| rest.as_bytes()[e] == b'>');
                let Some(end) = end else {
                    errors.at(
                        span(lit, i..i + 1),
                        "unclosed `<` in the path; write placeholders as `<name>`",
                    );
                    i += 1;
                    continue;
                };
                push_literal(&mut pieces, &text[literal_start..i]);
                let name = &rest[..end];
                let whole = i..i + end + 2;
                if name.is_empty() {
                    errors.at(
                        span(lit, whole.clone()),
                        "empty placeholder `<>`; name the parameter it binds to, as in `<user_id>`",
                    );
                } else if !is_identifier(name) {
                    errors.at(
                        span(lit, whole.clone()),
                        format_args!(
                            "`<{name}>` is not a valid placeholder; a placeholder is the name of a \
                             parameter, such as `<user_id>`"
                        ),
                    );
                } else {
                    pieces.push(Piece::Placeholder {
                        name: name.to_owned(),
                        span: span(lit, whole.clone()),
                    });
                }
                i = whole.end;
                literal_start = i;
            }
            b'>' => {
                errors.at(
                    span(lit, i..i + 1),
                    "stray `>` in the path; write placeholders as `<name>`",
                );
                i += 1;
            }
            b'{' => {
                let close = text[i..].find('}').map(|e| i + e);
                match close {
                    Some(close) if is_identifier(&text[i + 1..close]) => {
                        let name = &text[i + 1..close];
                        let whole = span(lit, i..close + 1);
                        errors.at(
                            whole,
                            format_args!(
                                "`{{{name}}}` is not a placeholder here; write `<{name}>`"
                            ),
                        );
                        // Bind it anyway, so its parameter is not also reported as unbound.
                        push_literal(&mut pieces, &text[literal_start..i]);
                        pieces.push(Piece::Placeholder {
                            name: name.to_owned(),
                            span: whole,
                        });
                        literal_start = close + 1;
                    }
                    _ => errors.at(
                        span(lit, i..i + 1),
                        "`{` cannot appear unescaped in a path; write placeholders as `<name>`",
                    ),
                }
                i = close.map_or(i + 1, |c| c + 1);
            }
            b'?' => {
                errors.at(
                    span(lit, i..text.len()),
                    "the path cannot hold a query; declare query parameters with `#[query]`",
                );
                break;
            }
            b'#' => {
                errors.at(
                    span(lit, i..text.len()),
                    "the path cannot hold a fragment (`#`)",
                );
                break;
            }
            b'%' => {
                let hex = bytes.get(i + 1..i + 3);
                if !hex.is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)) {
                    errors.at(
                        span(lit, i..i + 1),
                        "`%` in a path must start an escape such as `%2F`",
                    );
                }
                i += 1;
            }
            b if is_path_byte(b) => i += 1,
            _ => {
                let c = text[i..].chars().next().expect("i is on a char boundary");
                errors.at(
                    span(lit, i..i + c.len_utf8()),
                    format_args!(
                        "`{}` cannot appear unescaped in a path; percent-encode it",
                        c.escape_default()
                    ),
                );
                i += c.len_utf8();
            }
        }
    }
    push_literal(&mut pieces, &text[literal_start..]);
    pieces
}

fn push_literal(pieces: &mut Vec<Piece>, text: &str) {
    if !text.is_empty() {
        pieces.push(Piece::Literal(text.to_owned()));
    }
}

/// RFC 3986 `pchar` and `/`, less `%` (checked on its own).
fn is_path_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/".contains(&b)
}

/// A Rust identifier without the `r#` prefix: placeholders bind to parameters by name, and a
/// parameter `r#type` binds to `<type>`.
pub(crate) fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    let first_ok = chars
        .next()
        .is_some_and(|c| c == '_' || c.is_ascii_alphabetic());
    first_ok && name != "_" && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
}

/// The span of bytes `range` of the literal's value: a sub-span where the compiler supports
/// one and the literal is written without escapes (so value offsets are source offsets), else
/// the whole literal. Stable compilers give no sub-spans today; when `Literal::subspan` is
/// stabilized, diagnostics narrow to the placeholder without a change here.
fn span(lit: &LitStr, range: Range<usize>) -> Span {
    let token = lit.token();
    let source = token.to_string();
    let plain = source.len() == lit.value().len() + 2 && source.starts_with('"');
    if plain {
        token
            .subspan(range.start + 1..range.end + 1)
            .unwrap_or_else(|| lit.span())
    } else {
        lit.span()
    }
}
