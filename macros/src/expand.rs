//! Rendering: the method as the trait will hold it, with a body of a few runtime calls.
//!
//! ```text
//! #[api(post, "/v2/<project_id>/users/<user_id>/resend-email")]
//! async fn resend_email(&self, project_id: &str, user_id: &str, #[body] body: &ResendEmail)
//!     -> Result<(), Error>;
//! ```
//! becomes
//! ```text
//! fn resend_email(&self, project_id: &str, user_id: &str, body: &ResendEmail)
//!     -> impl Future<Output = Result<(), Error>> + Send {
//!     static OPERATION: Operation = Operation { .. };  // method, template, pieces
//!     let mut request = RequestBuilder::new(self, &OPERATION);
//!     request.path(self, &project_id);
//!     request.path(self, &user_id);
//!     request.json(&body);
//!     execute::<Unit, Self, _>(self, request)  // sends, decodes, converts the error
//! }
//! ```

use proc_macro2::{Group, Span, TokenStream, TokenTree};
use quote::{format_ident, quote, quote_spanned};
use syn::ext::IdentExt;
use syn::spanned::Spanned;
use syn::{ReturnType, TraitItemFn};

use crate::attr;
use crate::diag::Errors;
use crate::model::{self, Operation, ParamKind, Segment, Success};

/// The attribute's entry point: parse, check, render; on errors, the errors and the method with
/// a placeholder body, so the rest of the crate still type-checks against it.
pub(crate) fn api(args: TokenStream, item: TokenStream) -> TokenStream {
    let mut errors = Errors::default();
    let mut method = match syn::parse2::<TraitItemFn>(item.clone()) {
        Ok(method) => method,
        Err(_) => {
            errors.spanned(
                &item,
                "`#[api]` goes on an `async fn` declared in a trait whose supertrait is \
                 `restrait::Api`",
            );
            let errors = errors.into_compile_errors();
            return quote!(#errors #item);
        }
    };
    let attr = attr::parse(args, &mut errors);
    if let Some(body) = &method.default {
        errors.at(
            body.brace_token.span.join(),
            "`#[api]` methods are declared without a body; the attribute writes it",
        );
    }
    let operation = model::build(attr, &mut method, &mut errors);
    match operation {
        Some(operation) if errors.is_empty() => render(&operation, method),
        _ => {
            // Keep the method so that impls and callers still compile; the errors stop the build.
            if method.default.is_none() {
                method.default = Some(syn::parse_quote!({ ::core::unimplemented!() }));
                method.semi_token = None;
                method
                    .attrs
                    .push(syn::parse_quote!(#[allow(unused_variables)]));
            }
            let errors = errors.into_compile_errors();
            quote!(#errors #method)
        }
    }
}

/// Where the facade crate is, as seen from the crate being compiled: `::restrait`, or the name
/// a `Cargo.toml` renamed it to.
fn facade() -> TokenStream {
    use proc_macro_crate::{FoundCrate, crate_name};
    match crate_name("restrait") {
        Ok(FoundCrate::Name(name)) => {
            let ident = syn::Ident::new(&name, Span::call_site());
            quote!(::#ident)
        }
        // `Itself` is also what a package's own tests and examples see; they reach the facade
        // as `::restrait` like any user.
        Ok(FoundCrate::Itself) | Err(_) => quote!(::restrait),
    }
}

fn render(op: &Operation, mut method: TraitItemFn) -> TokenStream {
    let rt = facade();
    let p = quote!(#rt::__private);
    let name = method.sig.ident.to_string();
    let http_method = format_ident!(
        "{}",
        op.method.to_string().to_ascii_uppercase(),
        span = op.method.span()
    );
    let template = &op.template;

    let segments = op.segments.iter().map(|segment| match segment {
        Segment::Literal(text) => quote!(#p::Segment::Literal(#text)),
        Segment::Param(name, _) => quote!(#p::Segment::Param(#name)),
        Segment::Client(name) => quote!(#p::Segment::Client(#name)),
    });
    let static_headers = op.static_headers.iter().map(|h| {
        let (name, value) = (&h.name, &h.value);
        quote!((#p::HeaderName::from_static(#name), #p::HeaderValue::from_static(#value)))
    });

    // `HeaderValue` holds `Bytes`, which has interior mutability, so static headers live in a
    // static of their own rather than in a promoted temporary.
    let header_count = op.static_headers.len();
    let timeout = match op.timeout_ms {
        Some(ms) => quote!(#p::Option::Some(#p::Duration::from_millis(#ms))),
        None => quote!(#p::Option::None),
    };
    let idempotent = op.idempotent;
    let content_type = match &op.content_type {
        Some(value) => quote!(#p::Option::Some(#p::HeaderValue::from_static(#value))),
        None => quote!(#p::Option::None),
    };
    let (headers_static, headers_ref) = if header_count == 0 {
        (quote!(), quote!(&[]))
    } else {
        (
            quote! {
                static __RESTRAIT_HEADERS: [(#p::HeaderName, #p::HeaderValue); #header_count] =
                    [#(#static_headers),*];
            },
            quote!(&__RESTRAIT_HEADERS),
        )
    };
    let request = format_ident!("__restrait_request");
    let mut calls = Vec::new();
    let mut header_statics = Vec::new();
    for segment in &op.segments {
        if let Segment::Param(_, index) = segment {
            let param = &op.params[*index];
            let ident = &param.ident;
            // Spanned at the type, so "`T` doesn't implement `Display`" lands on the user's type.
            calls.push(quote_spanned!(param.ty.span()=> #request.path(self, &#ident);));
        }
    }
    for (index, param) in op.params.iter().enumerate() {
        let ident = &param.ident;
        let span = param.ty.span();
        match &param.kind {
            ParamKind::Path | ParamKind::Invalid => {}
            ParamKind::Query(key) => {
                calls.push(quote_spanned!(span=> #request.query(#key, &#ident);))
            }
            ParamKind::QueryFields => {
                let name = ident.unraw().to_string();
                calls.push(quote_spanned!(span=> #request.query_fields(#name, &#ident);));
            }
            ParamKind::Header(header) => {
                let constant = format_ident!("__RESTRAIT_HEADER_{}", index);
                header_statics.push(quote! {
                    static #constant: #p::HeaderName = #p::HeaderName::from_static(#header);
                });
                calls.push(quote_spanned!(span=> #request.header(&#constant, &#ident);));
            }
            ParamKind::Body => calls.push(quote_spanned!(span=> #request.json(&#ident);)),
            ParamKind::Form(key) => {
                calls.push(quote_spanned!(span=> #request.form(#key, &#ident);))
            }
            ParamKind::File(key) => {
                calls.push(quote_spanned!(span=> #request.file(#key, &#ident);))
            }
        }
    }

    let decoder = decoder(&op.success, &p);
    // Every token of the call's path takes the success type's span, so that "`T` does not
    // implement `Deserialize`" lands on the user's type rather than on the attribute.
    let success_span = success_span(&op.success).unwrap_or_else(Span::call_site);
    let execute = respan(quote!(#p::execute::<#decoder, Self, _>), success_span);
    let execute = quote!(#execute(self, #request));
    let ReturnType::Type(_, output) = &method.sig.output else {
        unreachable!("the model requires a return type");
    };
    let output = output.clone();

    // The request is built when the method is called, and the future returned is the runtime's
    // `execute`: no `async` block per method, so the compiler checks one future type for every
    // operation instead of one per method (most of a large trait's check time otherwise).
    // The body is emitted as tokens, not parsed back into a `syn::Block`: the compiler parses
    // it anyway, and parsing it here too was a large part of the macro's own run.
    let body = quote! {{
        #headers_static
        static __RESTRAIT_OPERATION: #p::Operation = #p::Operation {
            name: #name,
            method: #p::Method::#http_method,
            template: #template,
            segments: &[#(#segments),*],
            headers: #headers_ref,
            content_type: #content_type,
            timeout: #timeout,
            idempotent: #idempotent,
        };
        #(#header_statics)*
        let mut #request = #p::RequestBuilder::new(self, &__RESTRAIT_OPERATION);
        #(#calls)*
        #execute
    }};

    method.sig.asyncness = None;
    // Verbatim rather than parsed: the tokens are printed back unchanged either way.
    method.sig.output = ReturnType::Type(
        Default::default(),
        Box::new(syn::Type::Verbatim(
            quote!(impl #p::Future<Output = #output> + #p::Send),
        )),
    );
    let attrs = &method.attrs;
    let sig = &method.sig;
    quote! {
        #(#attrs)*
        #sig #body
    }
}

fn decoder(success: &Success, p: &TokenStream) -> TokenStream {
    match success {
        Success::Unit => quote!(#p::Unit),
        Success::Raw => quote!(#p::Raw),
        Success::Json(ty) => quote_spanned!(ty.span()=> #p::Json<#ty>),
        Success::WithResponse(inner) => {
            let inner = decoder(inner, p);
            quote!(#p::WithResponse<#inner>)
        }
    }
}

/// The span of the innermost JSON success type, if the success value is decoded from JSON.
fn success_span(success: &Success) -> Option<Span> {
    match success {
        Success::Json(ty) => Some(ty.span()),
        Success::WithResponse(inner) => success_span(inner),
        Success::Unit | Success::Raw => None,
    }
}

/// `tokens` with every token, nested ones included, given `span`.
fn respan(tokens: TokenStream, span: Span) -> TokenStream {
    tokens
        .into_iter()
        .map(|mut token| {
            if let TokenTree::Group(group) = &token {
                let mut inner = Group::new(group.delimiter(), respan(group.stream(), span));
                inner.set_span(span);
                token = TokenTree::Group(inner);
            } else {
                token.set_span(span);
            }
            token
        })
        .collect()
}
