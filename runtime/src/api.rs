//! The transport trait every `#[api]` trait builds on.

use std::future::Future;

use crate::error::Error;
use crate::request::Request;
use crate::response::RawResponse;

/// Something that can send the requests `#[api]` methods build: [`Client`](crate::Client) over
/// HTTP, or a transport of your own.
///
/// Declare every `#[api]` trait with this as a supertrait (`trait Users: Api`), then implement
/// the trait for a transport with an empty `impl Users for Client {}`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a restrait transport: `#[api]` methods need `restrait::Api`",
    label = "`#[api]` methods send requests through `restrait::Api`",
    note = "declare the trait with `restrait::Api` as its supertrait: `trait Name: restrait::Api`"
)]
pub trait Api: Send + Sync {
    /// Sends one request and returns the response, whatever its status. Failure statuses are
    /// decoded by the caller; return an error only when no response was received.
    fn send(&self, request: Request) -> impl Future<Output = Result<RawResponse, Error>> + Send;

    /// The value of a placeholder declared as filled by the client (`client(project_id)` in
    /// the attribute), or `None` when this transport has none; the call then fails with
    /// [`Error::Build`] before anything is sent.
    fn client_value(&self, name: &str) -> Option<&str> {
        let _ = name;
        None
    }
}
