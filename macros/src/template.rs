//! The path template as the compiler sees it: the lexer's byte ranges turned into spans, each
//! placeholder with the span of its own characters where the compiler can give one (the whole
//! literal otherwise).

use std::ops::Range;

use proc_macro2::Span;
use syn::LitStr;

use crate::diag::Errors;
use crate::lex::{self, Token};

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
    let (tokens, mistakes) = lex::lex(&text);
    for mistake in mistakes {
        errors.at(span(lit, mistake.range), mistake.message);
    }
    tokens
        .into_iter()
        .map(|token| match token {
            Token::Literal(range) => Piece::Literal(text[range].to_owned()),
            Token::Placeholder { name, whole } => Piece::Placeholder {
                name: text[name].to_owned(),
                span: span(lit, whole),
            },
        })
        .collect()
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
