//! The one error type of every `#[api]` method.

use std::fmt;

use bytes::Bytes;
use http::{HeaderMap, StatusCode};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::encode::ValueError;
use crate::response::{REQUEST_ID, RawResponse, header_text};

/// How much of an error or undecodable body is kept in the error value.
///
/// [`Client`](crate::Client) reads a failure body only a little past this (16 KiB more), so
/// that a JSON error body just over the limit still decodes whole while a huge one is never
/// held in memory; a longer body keeps its first bytes as the message.
pub const KEPT_BODY_LIMIT: usize = 64 * 1024;

/// How many characters of the message `Display` shows; an HTML error page can be kilobytes long
/// and would drown the status and the hint. The whole message stays in
/// [`ServiceError::error_msg`].
const DISPLAYED_MESSAGE_LIMIT: usize = 512;

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
    /// The client could not be built from its configuration (base URL, headers, timeouts).
    #[error(transparent)]
    Config(Box<ConfigError>),
}

impl Error {
    /// The decoded failure response, when the service answered with a status outside 2xx.
    pub fn service(&self) -> Option<&ServiceError> {
        match self {
            Error::Status(error) => Some(error),
            _ => None,
        }
    }

    /// The transport failure, when no complete response arrived.
    pub fn transport(&self) -> Option<&TransportError> {
        match self {
            Error::Transport(error) => Some(error),
            _ => None,
        }
    }

    /// The status of the response, when one arrived: the failure status of [`Error::Status`], or
    /// the 2xx status whose body did not decode ([`Error::Decode`]).
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Status(error) => Some(error.status()),
            Error::Decode(error) => Some(error.status()),
            _ => None,
        }
    }

    /// The `X-Request-Id` of the response, when one arrived and carried it. Quote it when asking
    /// the service's support about a failed call.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Status(error) => error.request_id(),
            Error::Decode(error) => error.request_id(),
            _ => None,
        }
    }

    /// Whether the service answered 404 Not Found.
    pub fn is_not_found(&self) -> bool {
        self.service().is_some_and(ServiceError::is_not_found)
    }

    /// Whether the service answered 401 Unauthorized.
    pub fn is_unauthorized(&self) -> bool {
        self.service().is_some_and(ServiceError::is_unauthorized)
    }

    /// Whether the service answered 403 Forbidden.
    pub fn is_forbidden(&self) -> bool {
        self.service().is_some_and(ServiceError::is_forbidden)
    }

    /// How many times the request was sent: more than one when the client retried, the last
    /// attempt being the one this error describes. Zero for [`Error::Build`] and
    /// [`Error::Config`], which fail before anything is sent.
    pub fn attempts(&self) -> u32 {
        match self {
            Error::Status(error) => error.attempts(),
            Error::Transport(error) => error.attempts(),
            Error::Decode(error) => error.attempts(),
            Error::Build(_) | Error::Config(_) => 0,
        }
    }

    /// Whether the call timed out: on the client's side ([`TransportError::is_timeout`]) or on
    /// the service's (408 or 504, see [`ServiceError::is_timeout`]).
    pub fn is_timeout(&self) -> bool {
        match self {
            Error::Transport(error) => error.is_timeout(),
            Error::Status(error) => error.is_timeout(),
            _ => false,
        }
    }
}

/// Which side a failure status blames, the way the official Huawei Cloud SDKs split their
/// `ClientRequestException` (4xx) from their `ServerResponseException` (5xx).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum StatusClass {
    /// A 4xx: the request was wrong (arguments, credentials, permissions, a missing resource).
    ClientError,
    /// A 5xx: the service failed; retrying later may help.
    ServerError,
    /// Any other status outside 2xx (1xx, 3xx, or a number outside 100..=599).
    Other,
}

/// A failure status and what the service said about it.
#[derive(Debug, Clone)]
pub struct ServiceError {
    pub(crate) status: StatusCode,
    pub(crate) error_code: String,
    pub(crate) error_msg: String,
    pub(crate) encoded_authorization_message: Option<String>,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
    pub(crate) attempts: u32,
}

/// The body keys that name an error code and its message, most specific first. A pair counts
/// only when both of its keys are present in the same object.
const CODE_MESSAGE_KEYS: [(&str, &str); 3] = [
    ("error_code", "error_msg"),
    ("errorCode", "errorMsg"),
    ("code", "message"),
];

/// The body key of the token a 403 carries to explain which policy denied the call.
const ENCODED_AUTHORIZATION_MESSAGE: &str = "encoded_authorization_message";

/// What a JSON error body says; `None` where it says nothing usable.
#[derive(Default)]
struct Said {
    code: Option<String>,
    message: Option<String>,
    encoded_authorization_message: Option<String>,
}

impl ServiceError {
    /// Decodes a failure response. Never fails: whatever the body is (JSON of any shape, an HTML
    /// page, nothing, bytes that are not UTF-8), the fields it does not give fall back to the
    /// status number and the body text.
    ///
    /// The rules are those of the exception handler of the official Huawei Cloud Python SDK
    /// (`huaweicloudsdkcore/exceptions/exception_handler.py`, `DefaultExceptionHandler`), so a
    /// service's errors read the same here as there:
    ///
    /// - the request id is the `X-Request-Id` response header;
    /// - a body that is a JSON object is searched for `error_code` with `error_msg`, then
    ///   `errorCode` with `errorMsg`, then `code` with `message`; a pair is taken only when both
    ///   keys are in the object, and the first pair found wins;
    /// - when the object has none of the pairs, the objects nested in it are searched the same
    ///   way (Workspace and IAM wrap theirs as `{"error": {...}}`);
    /// - `encoded_authorization_message` is read from the object where the search looks;
    /// - a body that is not JSON, or JSON that is not an object, is the message as it is;
    /// - an empty or missing code becomes the status number, an empty or missing message the
    ///   body text.
    ///
    /// Two differences, both in what the Python SDK leaves to its dynamic types: values that
    /// are not strings (a numeric `code`) are turned into their JSON text here, and among
    /// nested objects the first match in key order wins, where the SDK lets a later sibling
    /// overwrite an earlier one; no documented error body has two.
    pub fn from_response(response: RawResponse) -> Self {
        let attempts = response.attempts();
        let (status, headers, body) = response.into_parts();
        // The whole body is parsed (a JSON document cut in the middle would not parse), but
        // only its head is kept.
        let said = Said::at_top(&body).unwrap_or_else(|| match serde_json::from_slice(&body) {
            Ok(Value::Object(mut object)) => {
                let mut said = Said::default();
                search(&mut object, &mut said);
                said
            }
            _ => Said::default(),
        });
        let body = body.slice(..body.len().min(KEPT_BODY_LIMIT));
        let error_code = said.code.unwrap_or_else(|| status.as_u16().to_string());
        let error_msg = said
            .message
            .unwrap_or_else(|| String::from_utf8_lossy(&body).into_owned());
        ServiceError {
            status,
            error_code,
            error_msg,
            encoded_authorization_message: said.encoded_authorization_message,
            headers,
            body,
            attempts,
        }
    }

    /// The status code.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// How many times the request was sent; more than one when the client retried, this
    /// error being the answer to the last attempt.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// Whether the status blames the request (4xx), the service (5xx) or neither.
    pub fn class(&self) -> StatusClass {
        if self.status.is_client_error() {
            StatusClass::ClientError
        } else if self.status.is_server_error() {
            StatusClass::ServerError
        } else {
            StatusClass::Other
        }
    }

    /// Whether the status is 404 Not Found.
    pub fn is_not_found(&self) -> bool {
        self.status == StatusCode::NOT_FOUND
    }

    /// Whether the status is 401 Unauthorized: the token or signature was not accepted.
    pub fn is_unauthorized(&self) -> bool {
        self.status == StatusCode::UNAUTHORIZED
    }

    /// Whether the status is 403 Forbidden: the caller lacks a permission.
    pub fn is_forbidden(&self) -> bool {
        self.status == StatusCode::FORBIDDEN
    }

    /// Whether the status says time ran out: 408 Request Timeout or 504 Gateway Timeout.
    pub fn is_timeout(&self) -> bool {
        self.status == StatusCode::REQUEST_TIMEOUT || self.status == StatusCode::GATEWAY_TIMEOUT
    }

    /// The service's error code, or the status number when the body has none.
    pub fn error_code(&self) -> &str {
        &self.error_code
    }

    /// The service's error message, or the body text when the body has none.
    pub fn error_msg(&self) -> &str {
        &self.error_msg
    }

    /// The encoded authorization message of a 403, when the service sent one. It says which
    /// policy denied the call once decoded with the decode-authorization-message API of IAM
    /// (STS), by a user allowed to call it.
    pub fn encoded_authorization_message(&self) -> Option<&str> {
        self.encoded_authorization_message.as_deref()
    }

    /// The `X-Request-Id` response header.
    pub fn request_id(&self) -> Option<&str> {
        header_text(&self.headers, REQUEST_ID)
    }

    /// The `Content-Type` response header.
    pub fn content_type(&self) -> Option<&str> {
        header_text(&self.headers, "content-type")
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The body, cut to [`KEPT_BODY_LIMIT`] bytes.
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    /// Reads the body as JSON into an error type of your own, for services whose error bodies
    /// carry more than a code and a message.
    ///
    /// Fails when the body is not that JSON, and always when it was longer than
    /// [`KEPT_BODY_LIMIT`], since only that much is kept.
    ///
    /// ```
    /// use restrait_runtime::{Bytes, RawResponse, ServiceError};
    ///
    /// #[derive(serde::Deserialize)]
    /// struct Quota {
    ///     error_code: String,
    ///     retry_after: u32,
    /// }
    ///
    /// let body = r#"{"error_code":"WKS.0429","error_msg":"slow down","retry_after":30}"#;
    /// let response = RawResponse::new(
    ///     http::StatusCode::TOO_MANY_REQUESTS,
    ///     http::HeaderMap::new(),
    ///     Bytes::from(body),
    /// );
    /// let error = ServiceError::from_response(response);
    /// let quota: Quota = error.body_as().unwrap();
    /// assert_eq!((quota.error_code.as_str(), quota.retry_after), ("WKS.0429", 30));
    /// ```
    pub fn body_as<E: DeserializeOwned>(&self) -> Result<E, serde_json::Error> {
        serde_json::from_slice(&self.body)
    }
}

impl Said {
    /// What a body says when it is a JSON object with a code-and-message pair of strings (or
    /// nulls) at its top, as Workspace's are; `None` for any other body, which
    /// [`search`] then reads. Reading only the fields the rules look at, with the strings
    /// borrowed from the body where they hold no escapes, spares building the whole document
    /// as a tree.
    fn at_top(body: &[u8]) -> Option<Said> {
        // A derived struct also reads from a JSON array, by position: only an object may pass.
        if body.trim_ascii_start().first() != Some(&b'{') {
            return None;
        }
        let top: TopLevel<'_> = serde_json::from_slice(body).ok()?;
        let (code, message) = [
            (top.error_code, top.error_msg),
            (top.error_code_camel, top.error_msg_camel),
            (top.code, top.message),
        ]
        .into_iter()
        .find(|(code, message)| {
            !matches!(code, Field::Absent) && !matches!(message, Field::Absent)
        })?;
        Some(Said {
            code: code.into_text(),
            message: message.into_text(),
            encoded_authorization_message: top.encoded_authorization_message.into_text(),
        })
    }
}

/// The fields of an error body's top object that [`ServiceError::from_response`] reads; any
/// other field is skipped unread.
#[derive(serde::Deserialize)]
struct TopLevel<'a> {
    #[serde(default, borrow)]
    error_code: Field<'a>,
    #[serde(default, borrow)]
    error_msg: Field<'a>,
    #[serde(default, borrow, rename = "errorCode")]
    error_code_camel: Field<'a>,
    #[serde(default, borrow, rename = "errorMsg")]
    error_msg_camel: Field<'a>,
    #[serde(default, borrow)]
    code: Field<'a>,
    #[serde(default, borrow)]
    message: Field<'a>,
    #[serde(default, borrow)]
    encoded_authorization_message: Field<'a>,
}

/// One field of [`TopLevel`]. Any value but a string or `null` fails the fast reading, which
/// leaves the body to [`search`] and its rules for other values.
#[derive(Default)]
enum Field<'a> {
    #[default]
    Absent,
    Null,
    Text(std::borrow::Cow<'a, str>),
}

impl Field<'_> {
    /// The text, or `None` for a missing, `null` or empty value (as [`take_text`] decides).
    fn into_text(self) -> Option<String> {
        match self {
            Field::Text(text) if !text.is_empty() => Some(text.into_owned()),
            _ => None,
        }
    }
}

impl<'de: 'a, 'a> serde::Deserialize<'de> for Field<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor<'a>(std::marker::PhantomData<Field<'a>>);
        impl<'de: 'a, 'a> serde::de::Visitor<'de> for Visitor<'a> {
            type Value = Field<'a>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string or null")
            }
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(Field::Null)
            }
            fn visit_borrowed_str<E>(self, text: &'de str) -> Result<Self::Value, E> {
                Ok(Field::Text(text.into()))
            }
            fn visit_str<E>(self, text: &str) -> Result<Self::Value, E> {
                Ok(Field::Text(text.to_owned().into()))
            }
            fn visit_string<E>(self, text: String) -> Result<Self::Value, E> {
                Ok(Field::Text(text.into()))
            }
        }
        deserializer.deserialize_any(Visitor(std::marker::PhantomData))
    }
}

/// Searches `object`, then the objects nested in it, for a code-and-message pair; see
/// [`ServiceError::from_response`]. Returns whether a pair was found. The depth is bounded by
/// `serde_json`'s recursion limit, which refuses documents nested more than 128 deep.
///
/// The values found are taken out of the parsed document rather than copied.
fn search(object: &mut Map<String, Value>, said: &mut Said) -> bool {
    if said.encoded_authorization_message.is_none() {
        said.encoded_authorization_message = object
            .get_mut(ENCODED_AUTHORIZATION_MESSAGE)
            .and_then(take_text);
    }
    for (code_key, message_key) in CODE_MESSAGE_KEYS {
        if object.contains_key(code_key) && object.contains_key(message_key) {
            said.code = object.get_mut(code_key).and_then(take_text);
            said.message = object.get_mut(message_key).and_then(take_text);
            return true;
        }
    }
    object
        .values_mut()
        .filter_map(Value::as_object_mut)
        .any(|nested| search(nested, said))
}

/// A field's text, taken out of the document: strings as they are, other values as their JSON
/// text (`1001`, `true`), and nothing for `null` or an empty string, so that the fallbacks
/// apply.
fn take_text(value: &mut Value) -> Option<String> {
    let text = match value.take() {
        Value::Null => return None,
        Value::String(text) => text,
        other => other.to_string(),
    };
    (!text.is_empty()).then_some(text)
}

impl fmt::Display for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the service answered {}, error code `{}`: ",
            self.status, self.error_code
        )?;
        write_message(f, &self.error_msg)?;
        if let Some(id) = self.request_id() {
            write!(f, " (request id {id})")?;
        }
        write_attempts(f, self.attempts)?;
        match self.status {
            StatusCode::UNAUTHORIZED => f.write_str(
                "; check the token (it may have expired) or the request signature (the access \
                 key, the secret key and the clock)",
            )?,
            StatusCode::FORBIDDEN => {
                f.write_str("; check the permissions granted to the caller")?;
                if self.encoded_authorization_message.is_some() {
                    f.write_str(
                        "; the encoded authorization message \
                         (`ServiceError::encoded_authorization_message`) says which policy \
                         denied the call once decoded with the decode-authorization-message API \
                         of IAM (STS)",
                    )?;
                }
            }
            _ => {}
        }
        Ok(())
    }
}

/// Says how many attempts were made, when there were several.
fn write_attempts(f: &mut fmt::Formatter<'_>, attempts: u32) -> fmt::Result {
    if attempts > 1 {
        write!(f, " (after {attempts} attempts)")?;
    }
    Ok(())
}

/// Writes an error message on one line, whitespace runs collapsed, cut after
/// [`DISPLAYED_MESSAGE_LIMIT`] characters.
fn write_message(f: &mut fmt::Formatter<'_>, message: &str) -> fmt::Result {
    let mut words = message.split_whitespace();
    let Some(first) = words.next() else {
        return f.write_str("(empty body)");
    };
    let mut written = 0;
    for (index, word) in std::iter::once(first).chain(words).enumerate() {
        if index > 0 {
            f.write_str(" ")?;
            written += 1;
        }
        let room = DISPLAYED_MESSAGE_LIMIT.saturating_sub(written);
        match word.char_indices().nth(room) {
            Some((end, _)) => {
                f.write_str(&word[..end])?;
                return f.write_str("...");
            }
            None => {
                f.write_str(word)?;
                written += word.chars().count();
            }
        }
    }
    Ok(())
}

impl std::error::Error for ServiceError {}

/// Why no complete response arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// No connection could be made: a wrong host or port, a DNS or TLS failure, a refused
    /// connection.
    Connect,
    /// A timeout ran out, while connecting or while waiting for the response.
    Timeout,
    /// Anything else: the connection broke, the response was not valid HTTP.
    Other,
    /// The response body was larger than the client accepts
    /// ([`ClientBuilder::body_limit`](crate::ClientBuilder::body_limit)); the client stopped
    /// reading it rather than hold it all in memory.
    BodyTooLarge,
}

/// No complete response arrived.
///
/// Its `Display` shows the transport's own message, which for the reqwest [`Client`] names the
/// URL called; the URL holds no credentials, since the client sends those in headers only and
/// refuses a base URL with a user name or password in it.
///
/// [`Client`]: crate::Client
#[derive(Debug)]
pub struct TransportError {
    kind: TransportErrorKind,
    source: Box<dyn std::error::Error + Send + Sync>,
    attempts: u32,
}

impl TransportError {
    /// Wraps the transport's own error, finding its kind from it: reqwest's connect and timeout
    /// errors and `std::io` errors are recognised; anything else is
    /// [`TransportErrorKind::Other`].
    pub fn new(source: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        let source = source.into();
        let kind = kind_of(&*source);
        TransportError {
            kind,
            source,
            attempts: 1,
        }
    }

    /// Wraps the transport's own error with a kind the transport knows better.
    pub fn with_kind(
        kind: TransportErrorKind,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        TransportError {
            kind,
            source: source.into(),
            attempts: 1,
        }
    }

    /// Records that this failure ended attempt number `attempts` (a transport that retried).
    pub fn with_attempts(mut self, attempts: u32) -> Self {
        self.attempts = attempts;
        self
    }

    /// How many times the request was sent, or tried to be; this failure ended the last.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// Why no response arrived.
    pub fn kind(&self) -> TransportErrorKind {
        self.kind
    }

    /// Whether a timeout ran out.
    pub fn is_timeout(&self) -> bool {
        self.kind == TransportErrorKind::Timeout
    }

    /// Whether no connection could be made.
    pub fn is_connect(&self) -> bool {
        self.kind == TransportErrorKind::Connect
    }
}

/// Classifies a transport error. A timeout wins over a connect failure, so a connect timeout
/// counts as a timeout, which is what a caller deciding whether to retry asks.
fn kind_of(error: &(dyn std::error::Error + 'static)) -> TransportErrorKind {
    if let Some(error) = error.downcast_ref::<reqwest::Error>() {
        if error.is_timeout() {
            return TransportErrorKind::Timeout;
        }
        if error.is_connect() {
            return TransportErrorKind::Connect;
        }
    }
    let mut next = Some(error);
    while let Some(error) = next {
        if let Some(io) = error.downcast_ref::<std::io::Error>() {
            use std::io::ErrorKind;
            match io.kind() {
                ErrorKind::TimedOut => return TransportErrorKind::Timeout,
                ErrorKind::ConnectionRefused
                | ErrorKind::HostUnreachable
                | ErrorKind::NetworkUnreachable
                | ErrorKind::AddrNotAvailable => return TransportErrorKind::Connect,
                _ => {}
            }
        }
        next = error.source();
    }
    TransportErrorKind::Other
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self.kind {
            TransportErrorKind::Connect => {
                "could not connect to the service; check the endpoint (the client's base URL: \
                 scheme, host and port) and that the network reaches it"
            }
            TransportErrorKind::Timeout => {
                "the call timed out; check the endpoint and the client's timeouts"
            }
            TransportErrorKind::Other => "no complete response arrived",
            TransportErrorKind::BodyTooLarge => {
                "the response body is larger than the client accepts; raise \
                 `ClientBuilder::body_limit` if such bodies are expected"
            }
        })?;
        write!(f, ": {}", self.source)?;
        // reqwest's own message names only the URL; the innermost cause ("connection refused")
        // is what tells a wrong port from a dead host.
        let mut root: &(dyn std::error::Error + 'static) = &*self.source;
        while let Some(next) = root.source() {
            root = next;
        }
        if !std::ptr::addr_eq(root, &*self.source) {
            write!(f, " ({root})")?;
        }
        write_attempts(f, self.attempts)
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&*self.source)
    }
}

/// A 2xx body that did not decode.
#[derive(Debug, thiserror::Error)]
#[error("the {status} response body did not decode: {source}")]
pub struct DecodeError {
    status: StatusCode,
    request_id: Option<String>,
    body: Bytes,
    #[source]
    source: serde_json::Error,
    attempts: u32,
}

impl DecodeError {
    pub(crate) fn new(response: RawResponse, source: serde_json::Error) -> Self {
        let request_id = response.request_id().map(str::to_owned);
        let attempts = response.attempts();
        let (status, _, body) = response.into_parts();
        let body = body.slice(..body.len().min(KEPT_BODY_LIMIT));
        DecodeError {
            status,
            request_id,
            body,
            source,
            attempts,
        }
    }

    /// How many times the request was sent; this body answered the last attempt.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// The status of the response.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The `X-Request-Id` response header.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
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
    #[error("the value of `<{placeholder}>` is `{value}`, which would change the path")]
    DotPathValue {
        placeholder: &'static str,
        value: &'static str,
    },
    #[error("the value of `{parameter}` failed to format")]
    Format { parameter: &'static str },
    #[error("`{parameter}`: {source}")]
    Value {
        parameter: &'static str,
        source: ValueError,
    },
    #[error(
        "a value of the header `{name}` cannot be sent as given: it holds a control character \
         (such as CR or LF) or starts or ends with whitespace"
    )]
    InvalidHeaderValue { name: &'static http::HeaderName },
    #[error("the body did not serialize to JSON: {source}")]
    Body { source: serde_json::Error },
    #[error("the path and query do not make a valid URL with the base URL: {source}")]
    Url { source: url::ParseError },
}

/// The client could not be built; see [`ClientBuilder::build`](crate::ClientBuilder::build).
#[derive(Debug, thiserror::Error)]
#[error("the client could not be built: {kind}")]
pub struct ConfigError {
    kind: ConfigErrorKind,
}

impl ConfigError {
    pub(crate) fn new(kind: ConfigErrorKind) -> Self {
        ConfigError { kind }
    }
}

impl From<ConfigErrorKind> for Error {
    fn from(kind: ConfigErrorKind) -> Self {
        Error::Config(Box::new(ConfigError::new(kind)))
    }
}

/// The messages never repeat a URL that may hold credentials or a header value, which may be
/// one.
#[derive(Debug, thiserror::Error)]
pub(crate) enum ConfigErrorKind {
    #[error("the base URL `{url}` is not an absolute URL ({source})")]
    BaseUrlParse {
        url: String,
        source: url::ParseError,
    },
    #[error("the base URL must start with `http://` or `https://`, not `{scheme}:`")]
    BaseUrlScheme { scheme: String },
    #[error(
        "the base URL holds a user name or password, which would show in logs and errors; pass \
         credentials to the client builder instead"
    )]
    BaseUrlCredentials,
    #[error(
        "the base URL has a query or a fragment (`?` or `#`); give only the scheme, host, port \
         and path prefix"
    )]
    BaseUrlQuery,
    #[error("`{name}` is not a valid header name")]
    HeaderName { name: String },
    #[error("the value of the header `{name}` is not a valid header value (control characters?)")]
    HeaderValue { name: String },
    #[error("the token is not a valid header value (control characters?)")]
    Token,
    #[error(transparent)]
    Credentials(crate::auth::SignError),
    #[error(
        "a derived signing key needs an access key: set one with `ClientBuilder::access_key` or \
         `ClientBuilder::credentials`"
    )]
    DerivedKeyWithoutAccessKey,
    #[error(
        "a connect timeout cannot be applied to a reqwest client built elsewhere; set it on that \
         client's builder"
    )]
    ConnectTimeoutWithReqwestClient,
    #[error("the HTTP client failed to start: {0}")]
    Http(#[source] reqwest::Error),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(status: u16, body: &[u8]) -> ServiceError {
        let mut headers = HeaderMap::new();
        headers.insert(REQUEST_ID, http::HeaderValue::from_static("req-1"));
        let status = StatusCode::from_u16(status).unwrap();
        ServiceError::from_response(RawResponse::new(
            status,
            headers,
            Bytes::copy_from_slice(body),
        ))
    }

    fn fields(error: &ServiceError) -> (&str, &str, Option<&str>) {
        (
            error.error_code(),
            error.error_msg(),
            error.encoded_authorization_message(),
        )
    }

    /// What the tree search alone says of `body`.
    fn searched(body: &[u8]) -> (Option<String>, Option<String>, Option<String>) {
        let mut said = Said::default();
        if let Ok(Value::Object(mut object)) = serde_json::from_slice(body) {
            search(&mut object, &mut said);
        }
        (said.code, said.message, said.encoded_authorization_message)
    }

    #[test]
    fn the_top_level_reading_agrees_with_the_search_or_declines() {
        let bodies: [&[u8]; 14] = [
            br#"{"error_code":"WKS.0403","error_msg":"denied"}"#,
            br#"{"error_msg":"m","error_code":"c","other":{"error_code":"n","error_msg":"n"}}"#,
            br#"{"error_code":"","error_msg":null,"encoded_authorization_message":"enc"}"#,
            br#"{"error_code":"esc\u00e9\"","error_msg":"line\nbreak"}"#,
            br#"{"code":"C","message":"M","errorCode":"E2","errorMsg":"m2"}"#,
            br#"{"code":"C","message":"M","errorCode":"E2","encoded_authorization_message":""}"#,
            br#"{"code":"C","message":"M","list":[1,2,{"x":null}],"n":1.5e3}"#,
            // Declined: the pair is nested, a value is not a string, a key is repeated, the
            // body is not an object, or not JSON at all.
            br#"{"error":{"code":"IAM.0001","message":"nested"}}"#,
            br#"{"error_code":1001,"error_msg":"numeric code"}"#,
            br#"{"error_code":"a","error_code":"b","error_msg":"m"}"#,
            br#"{"error_code":"a","error_msg":{"text":"m"}}"#,
            br#"["error_code","error_msg"]"#,
            b"<html>Bad Gateway</html>",
            b"",
        ];
        let mut read = 0;
        for body in bodies {
            let expected = searched(body);
            if let Some(said) = Said::at_top(body) {
                read += 1;
                let got = (said.code, said.message, said.encoded_authorization_message);
                assert_eq!(got, expected, "{}", String::from_utf8_lossy(body));
            }
        }
        assert_eq!(read, 7, "the first seven bodies are read at the top");
    }

    #[test]
    fn pairs_are_taken_in_order_and_only_whole() {
        let body = br#"{"code":"C","message":"M","errorCode":"E2","errorMsg":"m2","#;
        let body = [&body[..], br#""error_code":"E1","error_msg":"m1"}"#].concat();
        assert_eq!(fields(&decode(400, &body)), ("E1", "m1", None));
        let body =
            br#"{"code":"C","message":"M","errorCode":"E2","errorMsg":"m2","error_code":"E1"}"#;
        assert_eq!(fields(&decode(400, body)), ("E2", "m2", None));
        let body = br#"{"code":"C","message":"M","errorCode":"E2"}"#;
        assert_eq!(fields(&decode(400, body)), ("C", "M", None));
        let body = br#"{"code":"C"}"#;
        assert_eq!(fields(&decode(400, body)), ("400", r#"{"code":"C"}"#, None));
    }

    #[test]
    fn nested_objects_are_searched_when_the_top_has_no_pair() {
        let body = br#"{"error":{"code":"WKS.0001","message":"bad","#;
        let body = [&body[..], br#""encoded_authorization_message":"enc"}}"#].concat();
        assert_eq!(
            fields(&decode(403, &body)),
            ("WKS.0001", "bad", Some("enc"))
        );
        let body = br#"{"a":1,"b":{"c":{"error_code":"Deep","error_msg":"down"}}}"#;
        assert_eq!(fields(&decode(500, body)), ("Deep", "down", None));
        let body =
            br#"{"error_code":"Top","error_msg":"top","x":{"error_code":"In","error_msg":"in"}}"#;
        assert_eq!(fields(&decode(500, body)), ("Top", "top", None));
    }

    #[test]
    fn odd_values_become_text_or_fall_back() {
        assert_eq!(
            fields(&decode(400, br#"{"code":1001,"message":true}"#)),
            ("1001", "true", None)
        );
        let body = br#"{"error_code":null,"error_msg":""}"#;
        assert_eq!(
            fields(&decode(409, body)),
            ("409", r#"{"error_code":null,"error_msg":""}"#, None)
        );
    }

    #[test]
    fn bodies_that_are_not_objects_are_the_message() {
        assert_eq!(
            fields(&decode(502, b"<html><h1>Bad Gateway</h1></html>")).1,
            "<html><h1>Bad Gateway</h1></html>"
        );
        assert_eq!(fields(&decode(400, b"[1,2]")), ("400", "[1,2]", None));
        assert_eq!(fields(&decode(404, b"")), ("404", "", None));
        assert_eq!(
            fields(&decode(500, b"\xff\xfe{")),
            ("500", "\u{fffd}\u{fffd}{", None)
        );
    }

    #[test]
    fn long_bodies_are_cut_but_still_parsed() {
        let padding = "x".repeat(KEPT_BODY_LIMIT);
        let body = format!(r#"{{"error_code":"Big","error_msg":"m","padding":"{padding}"}}"#);
        let error = decode(500, body.as_bytes());
        assert_eq!(fields(&error), ("Big", "m", None));
        assert_eq!(error.body().len(), KEPT_BODY_LIMIT);
        assert!(error.body_as::<Value>().is_err());
    }

    #[test]
    fn classes_and_predicates() {
        assert_eq!(decode(404, b"").class(), StatusClass::ClientError);
        assert_eq!(decode(503, b"").class(), StatusClass::ServerError);
        assert_eq!(decode(302, b"").class(), StatusClass::Other);
        assert!(decode(404, b"").is_not_found());
        assert!(decode(401, b"").is_unauthorized());
        assert!(decode(403, b"").is_forbidden());
        assert!(decode(408, b"").is_timeout() && decode(504, b"").is_timeout());
        assert!(!decode(500, b"").is_timeout());
    }

    #[test]
    fn display_names_everything_and_hints() {
        let body = br#"{"error_code":"IAM.0002","error_msg":"denied","#;
        let body = [&body[..], br#""encoded_authorization_message":"e"}"#].concat();
        let shown = decode(403, &body).to_string();
        let expected = "the service answered 403 Forbidden, error code `IAM.0002`: denied \
                        (request id req-1); check the permissions";
        assert!(shown.starts_with(expected), "{shown}");
        assert!(
            shown.contains("decode-authorization-message API of IAM (STS)"),
            "{shown}"
        );
        let shown = decode(
            401,
            br#"{"error_code":"APIGW.0301","error_msg":"bad token"}"#,
        )
        .to_string();
        assert!(shown.contains("check the token"), "{shown}");
        assert_eq!(
            decode(404, b"").to_string(),
            "the service answered 404 Not Found, error code `404`: (empty body) (request id req-1)"
        );
        let page = format!("<html>\n  <body>{}</body>\n</html>", "y".repeat(2000));
        let shown = decode(502, page.as_bytes()).to_string();
        assert!(
            shown.contains("<html> <body>yyy") && shown.contains("y... (request id"),
            "{shown}"
        );
        assert!(shown.len() < DISPLAYED_MESSAGE_LIMIT + 100, "{shown}");
    }

    #[test]
    fn transport_errors_are_classified_from_io_errors() {
        use std::io::{Error as Io, ErrorKind};
        let refused = TransportError::new(Io::new(ErrorKind::ConnectionRefused, "refused"));
        assert!(refused.is_connect() && !refused.is_timeout());
        assert!(
            refused
                .to_string()
                .starts_with("could not connect to the service; check the endpoint")
        );
        let timed_out = TransportError::new(Io::new(ErrorKind::TimedOut, "slow"));
        assert!(timed_out.is_timeout());
        let other = TransportError::new(Io::new(ErrorKind::UnexpectedEof, "cut"));
        assert_eq!(other.kind(), TransportErrorKind::Other);
        let error = Error::Transport(Box::new(timed_out));
        assert!(error.is_timeout() && error.status().is_none() && error.service().is_none());
    }
}
