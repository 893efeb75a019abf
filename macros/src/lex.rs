//! The path template lexer, with no dependency on the compiler's types: it works on the
//! literal's text and byte ranges, so the fuzz target under `fuzz/` includes this file as it is.

use std::ops::Range;

/// One piece of a template, as byte ranges into the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Token {
    /// Text copied into the path as written.
    Literal(Range<usize>),
    /// `<name>` (or a `{name}` already reported as a mistake): the name, and the whole
    /// placeholder with its brackets.
    Placeholder {
        name: Range<usize>,
        whole: Range<usize>,
    },
}

/// A mistake in the template: where it is and what to tell the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Mistake {
    pub(crate) range: Range<usize>,
    pub(crate) message: String,
}

/// Splits a path template into literal text and placeholders, and lists every mistake.
///
/// A template without mistakes is reproduced exactly by concatenating its literals and its
/// placeholders' `whole` ranges, in order.
pub(crate) fn lex(text: &str) -> (Vec<Token>, Vec<Mistake>) {
    let mut tokens = Vec::new();
    let mut mistakes = Vec::new();
    let mut mistake = |range: Range<usize>, message: String| {
        mistakes.push(Mistake { range, message });
    };
    if !text.starts_with('/') {
        mistake(0..text.len(), "the path must start with `/`".to_owned());
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
                    mistake(
                        i..i + 1,
                        "unclosed `<` in the path; write placeholders as `<name>`".to_owned(),
                    );
                    i += 1;
                    continue;
                };
                push_literal(&mut tokens, literal_start..i);
                let name = &rest[..end];
                let whole = i..i + end + 2;
                if name.is_empty() {
                    mistake(
                        whole.clone(),
                        "empty placeholder `<>`; name the parameter it binds to, as in `<user_id>`"
                            .to_owned(),
                    );
                } else if !is_identifier(name) {
                    mistake(
                        whole.clone(),
                        format!(
                            "`<{name}>` is not a valid placeholder; a placeholder is the name of a \
                             parameter, such as `<user_id>`"
                        ),
                    );
                } else {
                    let name = i + 1..i + 1 + end;
                    tokens.push(Token::Placeholder {
                        name,
                        whole: whole.clone(),
                    });
                }
                i = whole.end;
                literal_start = i;
            }
            b'>' => {
                mistake(
                    i..i + 1,
                    "stray `>` in the path; write placeholders as `<name>`".to_owned(),
                );
                i += 1;
            }
            b'{' => {
                let close = text[i..].find('}').map(|e| i + e);
                match close {
                    Some(close) if is_identifier(&text[i + 1..close]) => {
                        let name = &text[i + 1..close];
                        mistake(
                            i..close + 1,
                            format!("`{{{name}}}` is not a placeholder here; write `<{name}>`"),
                        );
                        // Bind it anyway, so its parameter is not also reported as unbound.
                        push_literal(&mut tokens, literal_start..i);
                        tokens.push(Token::Placeholder {
                            name: i + 1..close,
                            whole: i..close + 1,
                        });
                        literal_start = close + 1;
                    }
                    _ => mistake(
                        i..i + 1,
                        "`{` cannot appear unescaped in a path; write placeholders as `<name>`"
                            .to_owned(),
                    ),
                }
                i = close.map_or(i + 1, |c| c + 1);
            }
            b'?' => {
                mistake(
                    i..text.len(),
                    "the path cannot hold a query; declare query parameters with `#[query]`"
                        .to_owned(),
                );
                return (tokens, mistakes);
            }
            b'#' => {
                mistake(
                    i..text.len(),
                    "the path cannot hold a fragment (`#`)".to_owned(),
                );
                return (tokens, mistakes);
            }
            b'%' => {
                let hex = bytes.get(i + 1..i + 3);
                if !hex.is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)) {
                    mistake(
                        i..i + 1,
                        "`%` in a path must start an escape such as `%2F`".to_owned(),
                    );
                }
                i += 1;
            }
            b if is_path_byte(b) => i += 1,
            _ => {
                let c = text[i..].chars().next().expect("i is on a char boundary");
                mistake(
                    i..i + c.len_utf8(),
                    format!(
                        "`{}` cannot appear unescaped in a path; percent-encode it",
                        c.escape_default()
                    ),
                );
                i += c.len_utf8();
            }
        }
    }
    push_literal(&mut tokens, literal_start..text.len());
    (tokens, mistakes)
}

fn push_literal(tokens: &mut Vec<Token>, range: Range<usize>) {
    if !range.is_empty() {
        tokens.push(Token::Literal(range));
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

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<&str> {
        let (tokens, mistakes) = lex(text);
        assert!(mistakes.is_empty(), "{mistakes:?}");
        tokens
            .iter()
            .filter_map(|t| match t {
                Token::Placeholder { name, .. } => Some(&text[name.clone()]),
                Token::Literal(_) => None,
            })
            .collect()
    }

    #[test]
    fn placeholders_and_literals() {
        assert_eq!(
            names("/v2/<project_id>/users/<user_id>/x"),
            ["project_id", "user_id"]
        );
        assert_eq!(names("/files/<name>.json"), ["name"]);
        assert_eq!(names("/a%2Fb/<_x1>"), ["_x1"]);
        assert_eq!(names("/"), Vec::<&str>::new());
    }

    #[test]
    fn every_mistake_is_reported() {
        let (_, mistakes) = lex("v2/<>/<1a>/a b>/{id}/%zz");
        let messages: Vec<&str> = mistakes.iter().map(|m| m.message.as_str()).collect();
        assert_eq!(messages.len(), 7, "{messages:#?}");
    }
}
