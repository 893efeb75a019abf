//! Keeps `tests/expand/*.expanded.rs` equal to what the attribute produces today, so a reader
//! sees exactly what a declaration turns into and a change to the expansion shows in review.
//!
//! Refresh after an intended change with `RESTRAIT_BLESS=1 cargo test -p restrait-macros`.

use std::path::Path;

use quote::quote;

use crate::expand;

fn check(name: &str, args: proc_macro2::TokenStream, item: proc_macro2::TokenStream) {
    let expanded = expand::api(args, item);
    let file =
        syn::parse2::<syn::File>(quote!(trait __Expanded { #expanded })).unwrap_or_else(|e| {
            panic!("the expansion of {name} does not parse: {e}\n{expanded}");
        });
    let pretty = prettyplease::unparse(&file);
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/expand/{name}.expanded.rs"));
    if std::env::var_os("RESTRAIT_BLESS").is_some() {
        std::fs::write(&path, &pretty).expect("write the snapshot");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == pretty,
        "{} is not the current expansion; run `RESTRAIT_BLESS=1 cargo test -p restrait-macros` \
         and review the diff\n--- current expansion ---\n{pretty}",
        path.display()
    );
}

#[test]
fn resend_email() {
    check(
        "resend_email",
        quote!(post, "/v2/<project_id>/users/<user_id>/resend-email"),
        quote! {
            /// Resends the activation email to a desktop user.
            async fn resend_email(&self, project_id: &str, user_id: &str,
                                  #[body] body: &ResendEmail) -> Result<(), Error>;
        },
    );
}

#[test]
fn list_users() {
    check(
        "list_users",
        quote!(
            get,
            "/v2/<project_id>/users",
            client(project_id),
            header("X-Language", "en-us")
        ),
        quote! {
            async fn list_users(&self, #[query] offset: Option<u32>, #[query] limit: Option<u32>,
                                #[query("user_name")] name: Option<&str>,
                                #[header("X-Client-Token")] token: &str)
                -> Result<Response<ListUsers>, Error>;
        },
    );
}
