//! The static description of one declared operation, written by `#[api]` into each method.

use std::time::Duration;

use http::{HeaderName, HeaderValue, Method};

/// One piece of a path template, in order.
///
/// `"/v2/<project_id>/users/<user_id>"` with `<project_id>` bound to the client becomes
/// `[Literal("/v2/"), Client("project_id"), Literal("/users/"), Param("user_id")]`.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Segment {
    /// Text copied as written; the macro checked it is valid in a path.
    Literal(&'static str),
    /// A placeholder bound to a method parameter, filled by `RequestBuilder::path` in order.
    Param(&'static str),
    /// A placeholder filled from the client's configuration (`Api::client_value`).
    Client(&'static str),
}

/// Everything about an operation that is known at compile time.
///
/// Generated code puts one of these in a `static` per method, so a call copies nothing of it.
#[doc(hidden)]
#[derive(Debug)]
pub struct Operation {
    /// The trait method's name, used in errors and tracing.
    pub name: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// The path template exactly as written in the attribute.
    pub template: &'static str,
    /// The template split into literal text and placeholders.
    pub segments: &'static [Segment],
    /// Headers sent with every call (`header("X-Language", "en-us")`).
    pub headers: &'static [(HeaderName, HeaderValue)],
    /// The body's `Content-Type` declared with `content_type = ".."`, replacing
    /// `application/json`.
    pub content_type: Option<HeaderValue>,
    /// The whole-call timeout declared with `timeout = ".."`, overriding the client's.
    pub timeout: Option<Duration>,
    /// Whether sending the request twice has the effect of sending it once: true for GET,
    /// HEAD, PUT, DELETE and OPTIONS, and for any method declared `idempotent`. Only such
    /// requests are retried after a failure status.
    pub idempotent: bool,
}
