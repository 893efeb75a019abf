//! Responses: the raw one a transport returns, and the typed one a method can return.

use bytes::Bytes;
use http::{HeaderMap, StatusCode};

/// The name of the header that carries the service's request id.
pub(crate) const REQUEST_ID: &str = "x-request-id";

/// The first value of the header `name`, when it is there and visible ASCII.
pub(crate) fn header_text<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name)?.to_str().ok()
}

/// A response as a transport received it: status, headers and the whole body.
#[derive(Debug, Clone)]
pub struct RawResponse {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
    attempts: u32,
}

impl RawResponse {
    /// Puts a response together, the answer to a first attempt.
    pub fn new(status: StatusCode, headers: HeaderMap, body: Bytes) -> Self {
        RawResponse {
            status,
            headers,
            body,
            attempts: 1,
        }
    }

    /// Records that this is the answer to attempt number `attempts` (a transport that retried);
    /// [`ServiceError::attempts`](crate::ServiceError::attempts) reports it.
    pub fn with_attempts(mut self, attempts: u32) -> Self {
        self.attempts = attempts;
        self
    }

    /// How many times the request was sent, this response answering the last.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// The status code.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The body.
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    /// The `X-Request-Id` header, when present and text.
    pub fn request_id(&self) -> Option<&str> {
        header_text(&self.headers, REQUEST_ID)
    }

    /// Splits the response into status, headers and body.
    pub fn into_parts(self) -> (StatusCode, HeaderMap, Bytes) {
        (self.status, self.headers, self.body)
    }
}

/// A decoded success body together with the status and headers it came with.
///
/// Declare a method as returning `Result<Response<T>, Error>` to get these; `T` is decoded as
/// it would be without the wrapper (`()`, `Bytes` or a JSON type).
#[derive(Debug, Clone)]
pub struct Response<T> {
    status: StatusCode,
    headers: HeaderMap,
    body: T,
}

impl<T> Response<T> {
    pub(crate) fn new(status: StatusCode, headers: HeaderMap, body: T) -> Self {
        Response {
            status,
            headers,
            body,
        }
    }

    /// The status code (a 2xx).
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The `X-Request-Id` header, when present and text.
    pub fn request_id(&self) -> Option<&str> {
        header_text(&self.headers, REQUEST_ID)
    }

    /// The decoded body.
    pub fn body(&self) -> &T {
        &self.body
    }

    /// The decoded body, dropping status and headers.
    pub fn into_body(self) -> T {
        self.body
    }
}
