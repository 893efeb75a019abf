//! Collecting every mistake of a declaration, so that one build reports all of them.

use std::fmt::Display;

use proc_macro2::{Span, TokenStream};
use quote::ToTokens;

/// The errors found so far. Reported together by [`Errors::finish`].
#[derive(Default)]
pub(crate) struct Errors {
    first: Option<syn::Error>,
}

impl Errors {
    /// Records an error at `span`.
    pub(crate) fn at(&mut self, span: Span, message: impl Display) {
        self.push(syn::Error::new(span, message));
    }

    /// Records an error spanning the tokens of `tokens`.
    pub(crate) fn spanned(&mut self, tokens: impl ToTokens, message: impl Display) {
        self.push(syn::Error::new_spanned(tokens, message));
    }

    /// Records an error made elsewhere, such as a parse error.
    pub(crate) fn push(&mut self, error: syn::Error) {
        match &mut self.first {
            Some(first) => first.combine(error),
            None => self.first = Some(error),
        }
    }

    /// The errors as `compile_error!` invocations, or nothing.
    pub(crate) fn into_compile_errors(self) -> TokenStream {
        self.first.map(|e| e.to_compile_error()).unwrap_or_default()
    }

    /// Whether any error was recorded.
    pub(crate) fn is_empty(&self) -> bool {
        self.first.is_none()
    }
}
