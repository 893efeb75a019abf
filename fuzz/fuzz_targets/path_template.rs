//! The `#[api]` path template lexer on arbitrary text: it must never panic, every range it
//! returns must be in bounds and on character boundaries, and a template it accepts must be
//! reproduced exactly by its pieces.

#![no_main]

use libfuzzer_sys::fuzz_target;

#[allow(dead_code)]
#[path = "../../macros/src/lex.rs"]
mod lex;

use lex::Token;

fuzz_target!(|text: &str| {
    let (tokens, mistakes) = lex::lex(text);
    for mistake in &mistakes {
        assert!(text.get(mistake.range.clone()).is_some(), "{mistake:?} out of {text:?}");
        assert!(!mistake.message.is_empty());
    }
    let mut rebuilt = String::new();
    for token in &tokens {
        match token {
            Token::Literal(range) => rebuilt.push_str(&text[range.clone()]),
            Token::Placeholder { name, whole } => {
                assert!(lex::is_identifier(&text[name.clone()]));
                rebuilt.push_str(&text[whole.clone()]);
            }
        }
    }
    if mistakes.is_empty() {
        assert_eq!(rebuilt, text);
        assert!(text.starts_with('/'));
    }
});
