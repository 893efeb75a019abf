//! Typed REST clients declared as Rust traits.
//!
//! Describe each operation of an HTTP API as a method of a trait, with one attribute that says
//! how to call it. restrait writes the method: it builds the request (path placeholders bound to
//! parameters by name, query, headers, body), sends it through a transport, and decodes the
//! response through one shared decoder into your success type or one [`Error`].
//!
//! # Quick start
//!
//! ```no_run
//! use restrait::{Api, Client, Error, api};
//!
//! #[derive(serde::Serialize, Default)]
//! pub struct ResendEmail {
//!     #[serde(skip_serializing_if = "Option::is_none")]
//!     pub template_id: Option<String>,
//! }
//!
//! pub trait Users: Api {
//!     /// Resends the activation email to a desktop user.
//!     #[api(post, "/v2/<project_id>/users/<user_id>/resend-email")]
//!     async fn resend_email(
//!         &self,
//!         project_id: &str,
//!         user_id: &str,
//!         #[body] body: &ResendEmail,
//!     ) -> Result<(), Error>;
//! }
//!
//! impl Users for Client {}
//!
//! # async fn run() -> Result<(), Error> {
//! let client = Client::builder("https://workspace.ap-southeast-1.myhuaweicloud.com")
//!     .token(std::env::var("HUAWEICLOUD_SDK_TOKEN").unwrap_or_default())
//!     .build()?;
//! client.resend_email("0a1b2c", "u1", &ResendEmail::default()).await?;
//! # Ok(())
//! # }
//! ```
//!
//! The trait's supertrait [`Api`] is the transport: [`Client`] sends over HTTP with reqwest, the
//! `testing` feature's `MockApi` records and answers in memory, and you can implement it
//! yourself. `impl Users for Client {}` is all an implementation needs: the attribute wrote the
//! methods' bodies as default methods.
//!
//! # Declaring an operation
//!
//! ```text
//! #[api(METHOD, "PATH" [, OPTION]*)]
//! async fn name(&self, PARAMETER*) -> Result<SUCCESS, ERROR>;
//! ```
//!
//! ## Method and path
//!
//! `METHOD` is one of `get`, `post`, `put`, `patch`, `delete`, `head` and `options`. `PATH` is a
//! string literal that starts with `/` and holds no query or fragment. A placeholder `<name>`
//! is filled by the parameter called `name` (a raw identifier `r#type` fills `<type>`). The
//! value is formatted with [`Display`](std::fmt::Display) and percent-encoded as one path
//! segment: everything but `A-Z a-z 0-9 - . _ ~` is escaped, `/` included, so a value such as
//! `"../admin"` or `"a/b?c"` stays inside its segment. An empty value, `.` and `..` would
//! change which resource the path names and are refused with [`Error::Build`] before anything
//! is sent.
//!
//! ## Parameters
//!
//! | parameter | goes to |
//! |---|---|
//! | `user_id: &str` (no attribute) | the placeholder `<user_id>` |
//! | `#[query] limit: Option<u32>` | the query, as `limit=..` |
//! | `#[query("user_name")] name: &str` | the query, under the key given |
//! | `#[query(flatten)] filter: &UserFilter` | the query, one key per field of a struct or map |
//! | `#[header("X-Client-Token")] token: &str` | a request header |
//! | `#[body] body: &T` | the JSON body, `Content-Type: application/json` |
//! | `#[form("name")] value: &str` | a text part of a `multipart/form-data` body |
//! | `#[file("file")] file: &FormFile` | a file part of a `multipart/form-data` body |
//!
//! Query, header and form values are serialized with serde: strings, numbers, booleans (`true`,
//! `false`) and unit enum variants (under their serde name) give one value, `None` gives none,
//! and a sequence gives one per element, repeating the key or header. A header value that HTTP
//! cannot carry as given (a CR or LF, or whitespace at either end) is an [`Error::Build`],
//! never sent.
//!
//! ```
//! use restrait::{Api, Error, FormFile, api};
//!
//! #[derive(serde::Serialize)]
//! #[serde(rename_all = "SCREAMING_SNAKE_CASE")]
//! pub enum Status {
//!     Active,
//!     Locked,
//! }
//!
//! pub trait Users: Api {
//!     #[api(get, "/v2/<project_id>/users", client(project_id), header("X-Language", "en-us"))]
//!     async fn list_users(
//!         &self,
//!         #[query] offset: Option<u64>,
//!         #[query] limit: Option<u64>,
//!         #[query("status")] statuses: &[Status],
//!         #[header("X-Client-Token")] client_token: Option<&str>,
//!     ) -> Result<serde_json::Value, Error>;
//!
//!     #[api(post, "/v2/<project_id>/users/desktop-users/action/import", client(project_id))]
//!     async fn import_users(&self, #[file("file")] file: &FormFile) -> Result<(), Error>;
//! }
//! ```
//!
//! ## Options
//!
//! | option | meaning |
//! |---|---|
//! | `header("X-Language", "en-us")` | a header sent with every call, checked at compile time |
//! | `client(project_id, ..)` | placeholders filled from the client, not from parameters |
//! | `timeout = "30s"` | this method's whole-call timeout (`"500ms"`, `"2m"`, ..) |
//! | `idempotent` | a POST or PATCH that is safe to send twice, and so to retry |
//! | `content_type = ".."` | the `#[body]`'s media type instead of `application/json` |
//!
//! `client(project_id)` takes the value from [`Api::client_value`]: for a [`Client`], from
//! [`ClientBuilder::project_id`] or [`ClientBuilder::client_value`]. A client without it fails
//! the call with [`Error::Build`] before sending.
//!
//! ## Return type
//!
//! The method returns `Result<SUCCESS, E>` where `E: From<Error>` (most often `Error` itself).
//!
//! | `SUCCESS` | decoded as |
//! |---|---|
//! | `()` | any 2xx, with or without a body |
//! | any `T: DeserializeOwned` | the JSON body |
//! | [`Bytes`] | the raw body, for downloads |
//! | [`Response<T>`] | `T` as above, with the status, headers and request id |
//!
//! The choice is read from how the type is spelled (`()`, a path ending in `Bytes`,
//! `Response<..>`); a type alias of one of those is decoded as JSON.
//!
//! ## What the attribute writes
//!
//! The `async fn` becomes a default method returning `impl Future<Output = ..> + Send`, so a
//! generic caller can spawn it, and its body is a handful of calls into the runtime: a
//! `static` description of the operation, one call per parameter, and one call that sends and
//! decodes. Doc comments and other attributes stay on the method. Every mistake in a declaration
//! is a compile error that points at the culprit, and all of a method's mistakes are reported
//! in one build: an unknown placeholder, a parameter bound to nothing, `#[body]` on a GET, a
//! `{name}` copied from an API reference (write `<name>`), a body type that is not
//! `Serialize`, and so on.
//!
//! # Errors
//!
//! Every failure is one [`Error`]:
//!
//! - [`Error::Status`]: the service answered outside 2xx. The [`ServiceError`] carries the
//!   status, the service's `error_code` and `error_msg`, the `encoded_authorization_message`
//!   of a 403, the `X-Request-Id`, the content type and the body (up to [`KEPT_BODY_LIMIT`]).
//!   Failure bodies are read the way the official Huawei Cloud SDKs read them, and never fail to
//!   decode: an HTML page from a gateway still gives the status and the text.
//! - [`Error::Transport`]: no complete response (connection refused, reset, timeout).
//! - [`Error::Decode`]: a 2xx body did not decode into the success type; the body is kept.
//! - [`Error::Build`]: the arguments could not make a request; nothing was sent.
//! - [`Error::Config`]: the client's configuration is invalid (a base URL that is not HTTP).
//!
//! ```
//! # use restrait::Error;
//! #[derive(serde::Deserialize)]
//! struct QuotaError {
//!     error_code: String,
//!     quota: u32,
//! }
//!
//! fn explain(error: &Error) -> String {
//!     match error {
//!         e if e.is_not_found() => "no such user".to_owned(),
//!         Error::Status(service) if service.error_code() == "WKS.0013" => {
//!             // A body with fields of its own, read as your own type.
//!             match service.body_as::<QuotaError>() {
//!                 Ok(quota) => format!("{}: quota {}", quota.error_code, quota.quota),
//!                 Err(_) => service.error_msg().to_owned(),
//!             }
//!         }
//!         Error::Transport(transport) if transport.is_timeout() => "timed out".to_owned(),
//!         other => other.to_string(),
//!     }
//! }
//! ```
//!
//! # Authentication
//!
//! A [`Client`] sends an IAM token as `X-Auth-Token` ([`ClientBuilder::token`]), or signs every
//! attempt with an access key pair ([`ClientBuilder::access_key`]), exactly as the official
//! SDKs sign (`SDK-HMAC-SHA256`, or `V11-HMAC-SHA256` with [`ClientBuilder::derived_key`]).
//! [`ClientBuilder::from_env`] reads `HUAWEICLOUD_SDK_AK`, `HUAWEICLOUD_SDK_SK`,
//! `HUAWEICLOUD_SDK_SECURITY_TOKEN`, `HUAWEICLOUD_SDK_PROJECT_ID` and `RESTRAIT_ENDPOINT`. The
//! signer works on its own too, for any `http::Request`: see [`auth`]. Secrets live in
//! [`Secret`], which no `Debug`, `Display`, error or log line shows.
//!
//! # Timeouts and retries
//!
//! [`ClientBuilder::timeout`] bounds a whole call, retries and waits included (60 s unless set),
//! and a method's `timeout = ".."` replaces it for that method; [`ClientBuilder::connect_timeout`]
//! bounds each connection attempt.
//!
//! [`ClientBuilder::retry_policy`] takes a [`RetryPolicy`]. The default makes up to 3 attempts
//! with exponential backoff and full jitter, honours `Retry-After` up to a cap, and retries a
//! connection that could not be made (nothing was sent) and, for idempotent requests only, the
//! statuses 429, 502, 503 and 504. A POST or PATCH is sent once unless the method is declared
//! `idempotent` or the policy says `retry_non_idempotent(true)`. Every attempt is signed afresh.
//! A call that still fails returns the last response's decoded error, and
//! [`Error::attempts`] says how many were made.
//!
//! ```
//! use std::time::Duration;
//!
//! use restrait::{Client, RetryPolicy};
//!
//! let client = Client::builder("https://workspace.ap-southeast-1.myhuaweicloud.com")
//!     .timeout(Duration::from_secs(20))
//!     .retry_policy(RetryPolicy::new().max_attempts(5).deadline(Duration::from_secs(15)))
//!     .body_limit(8 << 20)
//!     .build()?;
//! # Ok::<(), restrait::Error>(())
//! ```
//!
//! A success body larger than [`ClientBuilder::body_limit`] (32 MiB unless set) fails with a
//! [`TransportErrorKind::BodyTooLarge`] error instead of exhausting memory; of a failure body,
//! the first 64 KiB are kept.
//!
//! # Pagination
//!
//! [`paginate`] walks an offset/limit list operation and yields its items as a `Stream`;
//! implement [`Page`] for the list response to say where its items and total are.
//!
//! # Testing
//!
//! With the `testing` feature, `restrait::testing::MockApi` implements [`Api`]: implement your
//! trait for it, script the answers, and check what would have been sent, with no network.
//!
//! # Your own transport
//!
//! Implement [`Api`] to send the [`Request`]s that `#[api]` methods build any way you like; the
//! methods decode your [`RawResponse`]s with the same decoder.

#![deny(missing_docs)]

pub use restrait_macros::api;
pub use restrait_runtime::auth;
pub use restrait_runtime::{
    Api, BuildError, Bytes, Client, ClientBuilder, ConfigError, DecodeError, Error, FormFile,
    KEPT_BODY_LIMIT, Page, PageRequest, RawResponse, Request, Response, RetryPolicy, Secret,
    ServiceError, StatusClass, TransportError, TransportErrorKind, paginate,
};

#[cfg(feature = "testing")]
pub mod testing;

/// What code generated by `#[api]` uses. Not a public API: it changes without notice.
#[doc(hidden)]
pub mod __private {
    pub use restrait_runtime::__private::*;
}
