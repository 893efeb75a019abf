//! The one error type of every `#[api]` method.

use std::fmt;

use bytes::Bytes;
use http::{HeaderMap, StatusCode};

use crate::encode::ValueError;
use crate::response::{RawResponse, REQUEST_ID};

/// How much of an error or undecodable body is kept in the error value.
pub const KEPT_BODY_LIMIT: usize = 64 * 1024;

/// Everything that can go wrong in a call.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The service answered with a status outside 2xx.
    #[error(transparent)]
    Status(Box<ServiceError>),
    /// The request could not be sent, or no complete response arrived (connection, timeout).
    #[error(transparent)]
    Transport(Box<TransportError>),
    /// A 2xx response's body did not decode into the declared type.
    #[error(transparent)]
    Decode(Box<DecodeError>),
    /// The request could not be built from the arguments; nothing was sent.
    #[error(transparent)]
    Build(Box<BuildError>),
}

/// A failure status and what the service said about it.
#[derive(Debug, Clone)]
pub struct ServiceError {
    pub(crate) status: StatusCode,
    pub(crate) error_code: String,
    pub(crate) error_msg: String,
    pub(crate) encoded_authorization_message: Option<String>,
    pub(crate) request_id: Option<String>,
    pub(crate) content_type: Option<String>,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}

impl ServiceError {
    /// Decodes a failure response. Never fails: fields the body does not give fall back to the
    /// status and the body text.
    pub(crate) fn from_response(response: RawResponse) -> Self {
        let (status, headers, body) = response.into_parts();
        let text = |name| headers.get(name).and_then(|v: &http::HeaderValue| v.to_str().ok());
        let request_id = text(REQUEST_ID).map(str::to_owned);
        let content_type = text("content-type").map(str::to_owned);
        let body = body.slice(..body.len().min(KEPT_BODY_LIMIT));
        ServiceError {
            status,
            error_code: status.as_u16().to_string(),
            error_msg: String::from_utf8_lossy(&body).into_owned(),
            encoded_authorization_message: None,
            request_id,
            content_type,
            headers,
            body,
        }
    }

    /// The status code.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The service's error code, or the status number when the body has none.
    pub fn error_code(&self) -> &str {
        &self.error_code
    }

    /// The service's error message, or the body text when the body has none.
    pub fn error_msg(&self) -> &str {
        &self.error_msg
    }

    /// The encoded authorization message of a 403, when the service sent one.
    pub fn encoded_authorization_message(&self) -> Option<&str> {
        self.encoded_authorization_message.as_deref()
    }

    /// The `X-Request-Id` response header.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The `Content-Type` response header.
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The body, cut to [`KEPT_BODY_LIMIT`] bytes.
    pub fn body(&self) -> &Bytes {
        &self.body
    }
}

impl fmt::Display for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the service answered {}: {}: {}", self.status, self.error_code, self.error_msg)?;
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        Ok(())
    }
}

impl std::error::Error for ServiceError {}

/// No complete response arrived.
#[derive(Debug, thiserror::Error)]
#[error("could not reach the service: {source}")]
pub struct TransportError {
    #[source]
    pub(crate) source: Box<dyn std::error::Error + Send + Sync>,
}

impl TransportError {
    /// Wraps the transport's own error.
    pub fn new(source: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        TransportError { source: source.into() }
    }
}

/// A 2xx body that did not decode.
#[derive(Debug, thiserror::Error)]
#[error("the {status} response body did not decode: {source}")]
pub struct DecodeError {
    status: StatusCode,
    body: Bytes,
    #[source]
    source: serde_json::Error,
}

impl DecodeError {
    pub(crate) fn new(response: RawResponse, source: serde_json::Error) -> Self {
        let (status, _, body) = response.into_parts();
        let body = body.slice(..body.len().min(KEPT_BODY_LIMIT));
        DecodeError { status, body, source }
    }

    /// The status of the response.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The body that did not decode, cut to [`KEPT_BODY_LIMIT`] bytes.
    pub fn body(&self) -> &Bytes {
        &self.body
    }
}

/// The arguments could not be made into a request; nothing was sent.
#[derive(Debug, thiserror::Error)]
#[error("`{operation}`: {kind}")]
pub struct BuildError {
    operation: &'static str,
    kind: BuildErrorKind,
}

impl BuildError {
    pub(crate) fn new(operation: &'static str, kind: BuildErrorKind) -> Self {
        BuildError { operation, kind }
    }

    /// The name of the method whose request failed to build.
    pub fn operation(&self) -> &'static str {
        self.operation
    }
}

#[derive(Debug, thiserror::Error)]
pub(crate) enum BuildErrorKind {
    #[error(
        "the client has no value for the placeholder `<{placeholder}>`; set it on the client \
         builder"
    )]
    MissingClientValue { placeholder: &'static str },
    #[error("the value of `<{placeholder}>` is empty, which would change the path")]
    EmptyPathValue { placeholder: &'static str },
    #[error("the value of `{parameter}` failed to format")]
    Format { parameter: &'static str },
    #[error("`{parameter}`: {source}")]
    Value { parameter: &'static str, source: ValueError },
    #[error("a value of the header `{name}` is not a valid header value (control characters?)")]
    InvalidHeaderValue { name: &'static http::HeaderName },
    #[error("the body did not serialize to JSON: {source}")]
    Body { source: serde_json::Error },
}
