//! The `#[api]` attribute of restrait. Use it through the `restrait` crate.

use proc_macro::TokenStream;

/// Declares one HTTP operation on a trait method.
#[proc_macro_attribute]
pub fn api(args: TokenStream, item: TokenStream) -> TokenStream {
    let _ = args;
    item
}
