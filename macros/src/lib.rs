//! The `#[api]` attribute of restrait. Depend on `restrait` and use it as `restrait::api`; the
//! attribute's documentation lives there.
//!
//! The crate parses the attribute and the method into a model (`model`), checks it while it
//! does so, collecting every mistake, and renders the model into a method body that is a few
//! calls into `restrait::__private` (`expand`).

mod attr;
mod diag;
mod expand;
mod lex;
mod model;
mod template;

use proc_macro::TokenStream;

/// Declares one HTTP operation on a method of a trait whose supertrait is `restrait::Api`.
///
/// See the `restrait` crate for the full syntax.
#[proc_macro_attribute]
pub fn api(args: TokenStream, item: TokenStream) -> TokenStream {
    expand::api(args.into(), item.into()).into()
}

#[cfg(test)]
mod snapshot;
