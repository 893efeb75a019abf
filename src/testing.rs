//! Testing code written against an `#[api]` trait without a network (feature `testing`).
//!
//! [`MockApi`] implements [`Api`](crate::Api): implement your trait for it as you do for
//! [`Client`](crate::Client), script what the service answers, run the code under test, and
//! check what it would have sent. Every request goes through the same request builder and the
//! same response decoder as with the real client, so a scripted error body becomes the same
//! [`Error::Status`](crate::Error::Status) a live service would produce. Nothing touches the
//! network or a timer; a call completes as soon as it is polled.
//!
//! Enable it for your tests only:
//!
//! ```toml
//! [dev-dependencies]
//! restrait = { version = "0.1", features = ["testing"] }
//! ```
//!
//! ```
//! use restrait::testing::{MockApi, respond};
//! use restrait::{Api, Error, api};
//! use serde_json::json;
//!
//! #[derive(serde::Serialize)]
//! pub struct Rename<'a> {
//!     pub name: &'a str,
//! }
//!
//! pub trait Users: Api {
//!     #[api(put, "/v2/<project_id>/users/<user_id>", client(project_id))]
//!     async fn rename(
//!         &self,
//!         user_id: &str,
//!         #[query] notify: bool,
//!         #[body] body: &Rename<'_>,
//!     ) -> Result<(), Error>;
//! }
//!
//! impl Users for restrait::Client {}
//! impl Users for MockApi {}
//!
//! /// The code under test: written against the trait, so any transport will do.
//! async fn rename_quietly(users: &impl Users, id: &str, name: &str) -> Result<bool, Error> {
//!     match users.rename(id, false, &Rename { name }).await {
//!         Ok(()) => Ok(true),
//!         Err(error) if error.is_not_found() => Ok(false),
//!         Err(error) => Err(error),
//!     }
//! }
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let mock = MockApi::new().project_id("p1");
//! mock.reply(respond(204))
//!     .reply(respond(404).json(&json!({"error_code": "WKS.0404", "error_msg": "no such user"})));
//!
//! assert_eq!(rename_quietly(&mock, "u/1", "Ada").await.unwrap(), true);
//! assert_eq!(rename_quietly(&mock, "u2", "Bob").await.unwrap(), false);
//!
//! let sent = mock.requests();
//! assert_eq!(sent.len(), 2);
//! assert_eq!(sent[0].operation_name(), "rename");
//! assert_eq!(sent[0].method(), "PUT");
//! assert_eq!(sent[0].path(), "/v2/p1/users/u%2F1");
//! assert_eq!(sent[0].query_pairs(), [("notify".to_owned(), "false".to_owned())]);
//! assert_eq!(sent[0].json_body::<serde_json::Value>(), json!({"name": "Ada"}));
//! assert_eq!(mock.pending_replies(), 0);
//! # }
//! ```
//!
//! A transport failure is scripted with [`MockApi::fail`]; a 2xx body that does not match the
//! declared type gives [`Error::Decode`](crate::Error::Decode), as it would from the service.

#[doc(inline)]
pub use restrait_runtime::testing::{MockApi, MockResponse, RecordedRequest, respond};
