//! A transport that answers from a script and records what it was asked, for testing code
//! written against an `#[api]` trait without a network. Enabled by the `testing` feature.
//!
//! Use it as `restrait::testing`, whose documentation has a worked example.

use std::collections::{HashMap, VecDeque};
use std::future::{Future, ready};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use bytes::Bytes;
use http::header::CONTENT_TYPE;
use http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use percent_encoding::percent_decode_str;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::api::Api;
use crate::error::{Error, TransportError};
use crate::request::Request;
use crate::response::{REQUEST_ID, RawResponse};

/// A transport for tests: every request is recorded, and each is answered with the next reply
/// of a script, without a network or a runtime's I/O.
///
/// Implement your `#[api]` trait for it (`impl Users for MockApi {}`), script the replies with
/// [`MockApi::reply`] and [`MockApi::fail`], call the code under test, then read what it sent
/// with [`MockApi::requests`] or [`MockApi::last_request`].
///
/// Clones share the script and the record, so a clone can be handed to the code under test while
/// the test keeps one to inspect. They do not share the client values: set those first.
///
/// A request that finds the script empty is answered with the [`MockApi::fallback`] reply when
/// one is set, and panics otherwise, since it means the test expected fewer calls than were made.
/// The request is recorded before the panic. A call whose arguments make no request (a missing
/// client value, a header value with a line break) fails with [`Error::Build`] before it reaches
/// the mock, and is neither recorded nor answered.
#[derive(Debug, Clone, Default)]
pub struct MockApi {
    shared: Arc<Mutex<Shared>>,
    /// Read through `&self` by [`Api::client_value`], which hands out a borrow and so cannot
    /// look behind the mutex.
    client_values: Arc<HashMap<String, String>>,
}

/// What clones of one [`MockApi`] share. Requests and replies sit behind one lock so that the
/// n-th request recorded is the one answered with the n-th reply, even across threads.
#[derive(Debug, Default)]
struct Shared {
    script: VecDeque<Reply>,
    fallback: Option<RawResponse>,
    requests: Vec<RecordedRequest>,
}

/// One scripted answer.
#[derive(Debug)]
enum Reply {
    Response(RawResponse),
    Failure(TransportError),
}

impl MockApi {
    /// A mock with an empty script, no client values and nothing recorded.
    pub fn new() -> Self {
        MockApi::default()
    }

    /// Sets the project id that fills `<project_id>` placeholders declared `client(project_id)`,
    /// as [`ClientBuilder::project_id`](crate::ClientBuilder::project_id) does.
    #[must_use]
    pub fn project_id(self, project_id: impl Into<String>) -> Self {
        self.with_client_value("project_id", project_id)
    }

    /// Sets the value of the client-bound placeholder `<name>`, as
    /// [`ClientBuilder::client_value`](crate::ClientBuilder::client_value) does. Clones made
    /// before this call keep the values they had.
    ///
    /// Named apart from the builder's method because `MockApi` is itself the transport: a
    /// `client_value` here would shadow [`Api::client_value`], the lookup.
    #[must_use]
    pub fn with_client_value(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        Arc::make_mut(&mut self.client_values).insert(name.into(), value.into());
        self
    }

    /// Adds a response to the end of the script: a [`MockResponse`] made with [`respond`], or a
    /// [`RawResponse`]. Any status can be scripted; the shared decoder turns one outside 2xx into
    /// [`Error::Status`] exactly as it does for a real service.
    pub fn reply(&self, response: impl Into<RawResponse>) -> &Self {
        self.lock()
            .script
            .push_back(Reply::Response(response.into()));
        self
    }

    /// Adds a transport failure to the end of the script: the call that meets it returns
    /// [`Error::Transport`] with this error, as when no response arrived.
    ///
    /// ```
    /// use restrait_runtime::testing::MockApi;
    /// use restrait_runtime::{TransportError, TransportErrorKind};
    ///
    /// let mock = MockApi::new();
    /// mock.fail(TransportError::with_kind(TransportErrorKind::Timeout, "no answer in 30s"));
    /// assert_eq!(mock.pending_replies(), 1);
    /// ```
    pub fn fail(&self, error: TransportError) -> &Self {
        self.lock().script.push_back(Reply::Failure(error));
        self
    }

    /// Sets the response given to every request that finds the script empty, instead of a
    /// panic. Useful when the code under test makes calls the test does not care about.
    pub fn fallback(&self, response: impl Into<RawResponse>) -> &Self {
        self.lock().fallback = Some(response.into());
        self
    }

    /// How many scripted replies have not been used yet; `0` once the code under test made as
    /// many calls as the test scripted.
    pub fn pending_replies(&self) -> usize {
        self.lock().script.len()
    }

    /// Every request received so far, oldest first.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.lock().requests.clone()
    }

    /// The most recent request, or `None` when none was made.
    pub fn last_request(&self) -> Option<RecordedRequest> {
        self.lock().requests.last().cloned()
    }

    /// A test that panicked while holding the lock has already failed; the record is still
    /// worth reading in its other threads, so a poisoned lock is taken over rather than passed
    /// on as a second panic.
    fn lock(&self) -> MutexGuard<'_, Shared> {
        self.shared.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn answer(&self, request: Request) -> Result<RawResponse, Error> {
        let mut shared = self.lock();
        let reply = match shared.script.pop_front() {
            Some(reply) => Some(reply),
            None => shared.fallback.clone().map(Reply::Response),
        };
        let Some(reply) = reply else {
            let message = format!(
                "`MockApi` has no reply left for request {}, `{}` ({} {}); script one with \
                 `MockApi::reply` or set `MockApi::fallback`",
                shared.requests.len() + 1,
                request.operation_name(),
                request.method(),
                request.path_and_query(),
            );
            shared.requests.push(RecordedRequest { request });
            // Released first, so that other threads of the test can still read the record.
            drop(shared);
            panic!("{message}");
        };
        shared.requests.push(RecordedRequest { request });
        match reply {
            Reply::Response(response) => Ok(response),
            Reply::Failure(error) => Err(Error::Transport(Box::new(error))),
        }
    }
}

impl Api for MockApi {
    fn send(&self, request: Request) -> impl Future<Output = Result<RawResponse, Error>> + Send {
        ready(self.answer(request))
    }

    fn client_value(&self, name: &str) -> Option<&str> {
        self.client_values.get(name).map(String::as_str)
    }
}

/// A request as [`MockApi`] received it: exactly what the reqwest client would have been given,
/// before it adds its base URL, default headers and authentication.
#[derive(Debug, Clone)]
pub struct RecordedRequest {
    request: Request,
}

impl RecordedRequest {
    /// The HTTP method.
    pub fn method(&self) -> &Method {
        self.request.method()
    }

    /// The name of the trait method that made the request, such as `"show_user"`.
    pub fn operation_name(&self) -> &'static str {
        self.request.operation_name()
    }

    /// The path template as declared, such as `"/v2/<project_id>/users/<user_id>"`.
    pub fn path_template(&self) -> &'static str {
        self.request.path_template()
    }

    /// The percent-encoded path, such as `"/v2/p1/users/a%2Fb"`.
    pub fn path(&self) -> &str {
        self.request.path()
    }

    /// The percent-encoded query without the leading `?`, or `None` when there is none.
    pub fn query(&self) -> Option<&str> {
        self.request.query()
    }

    /// The query as decoded `(key, value)` pairs in the order they were sent; a key repeats for
    /// each element of a sequence. Empty when there is no query.
    pub fn query_pairs(&self) -> Vec<(String, String)> {
        let decode = |text: &str| percent_decode_str(text).decode_utf8_lossy().into_owned();
        self.query()
            .into_iter()
            .flat_map(|query| query.split('&'))
            .filter(|pair| !pair.is_empty())
            .map(|pair| {
                let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
                (decode(key), decode(value))
            })
            .collect()
    }

    /// The headers: the operation's static headers, the parameters' headers and the body's
    /// `Content-Type`.
    pub fn headers(&self) -> &HeaderMap {
        self.request.headers()
    }

    /// The first value of the header `name` as text, or `None` when it is missing or not text.
    /// The name is case-insensitive.
    pub fn header(&self, name: &str) -> Option<&str> {
        crate::response::header_text(self.request.headers(), name)
    }

    /// The body, when the operation has one.
    pub fn body(&self) -> Option<&Bytes> {
        self.request.body()
    }

    /// The body decoded from JSON into `T`; `serde_json::Value` takes any JSON.
    ///
    /// # Panics
    ///
    /// When there is no body or it is not that JSON; the message shows the body.
    pub fn json_body<T: DeserializeOwned>(&self) -> T {
        let operation = self.request.operation_name();
        let Some(body) = self.request.body() else {
            panic!("the `{operation}` request has no body");
        };
        serde_json::from_slice(body).unwrap_or_else(|error| {
            panic!(
                "the body of the `{operation}` request did not decode as JSON into `{}`: {error}; \
                 the body: {}",
                std::any::type_name::<T>(),
                String::from_utf8_lossy(body),
            )
        })
    }

    /// The request itself, for what the accessors above do not show (timeout, idempotence).
    pub fn request(&self) -> &Request {
        &self.request
    }

    /// The request itself, owned.
    pub fn into_request(self) -> Request {
        self.request
    }
}

/// A response for [`MockApi::reply`], built from a status: `respond(200).json(&user)`.
///
/// ```
/// use restrait_runtime::RawResponse;
/// use restrait_runtime::testing::respond;
///
/// let body = serde_json::json!({"error_code": "WKS.0404", "error_msg": "no such user"});
/// let response: RawResponse = respond(404).json(&body).request_id("req-7").into();
/// assert_eq!(response.status(), 404);
/// assert_eq!(response.request_id(), Some("req-7"));
/// assert_eq!(response.headers()["content-type"], "application/json");
/// ```
///
/// # Panics
///
/// When `status` is not a number from 100 to 999.
pub fn respond(status: u16) -> MockResponse {
    let Ok(status) = StatusCode::from_u16(status) else {
        panic!("`{status}` is not an HTTP status code (100 to 999)");
    };
    MockResponse {
        status,
        headers: HeaderMap::new(),
        body: Bytes::new(),
    }
}

/// A scripted response under construction; see [`respond`]. Becomes a [`RawResponse`] through
/// `From`, which [`MockApi::reply`] applies itself.
#[derive(Debug, Clone)]
#[must_use]
pub struct MockResponse {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl MockResponse {
    /// Sets the header `name` to `value`, replacing any value set before.
    ///
    /// # Panics
    ///
    /// When `name` is not a valid header name or `value` not a valid header value.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        let Ok(header) = HeaderName::try_from(name) else {
            panic!("`{name}` is not a valid header name");
        };
        let Ok(value) = HeaderValue::try_from(value) else {
            panic!("the value given for the header `{name}` is not a valid header value");
        };
        self.headers.insert(header, value);
        self
    }

    /// Sets the `X-Request-Id` header, which errors and [`Response`](crate::Response) report.
    pub fn request_id(self, request_id: &str) -> Self {
        self.header(REQUEST_ID, request_id)
    }

    /// Sets the body to `value` as JSON, and `Content-Type: application/json` unless a content
    /// type was set with [`MockResponse::header`].
    ///
    /// # Panics
    ///
    /// When `value` fails to serialize (a map with keys that are not strings, say).
    pub fn json<T: Serialize + ?Sized>(self, value: &T) -> Self {
        let body = serde_json::to_vec(value)
            .unwrap_or_else(|error| panic!("the scripted body did not serialize: {error}"));
        self.body_with_type(body, "application/json")
    }

    /// Sets the body to `text`, and `Content-Type: text/plain; charset=utf-8` unless a content
    /// type was set with [`MockResponse::header`].
    pub fn text(self, text: impl Into<String>) -> Self {
        self.body_with_type(text.into(), "text/plain; charset=utf-8")
    }

    /// Sets the body to these bytes as they are, with no content type of its own: an HTML page
    /// from a gateway, bytes that are not UTF-8, a JSON document cut in the middle.
    pub fn body(mut self, body: impl Into<Bytes>) -> Self {
        self.body = body.into();
        self
    }

    fn body_with_type(mut self, body: impl Into<Bytes>, content_type: &'static str) -> Self {
        self.body = body.into();
        self.headers
            .entry(CONTENT_TYPE)
            .or_insert(HeaderValue::from_static(content_type));
        self
    }
}

impl From<MockResponse> for RawResponse {
    fn from(response: MockResponse) -> Self {
        RawResponse::new(response.status, response.headers, response.body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mock_api_is_send_sync_and_cheap_to_clone() {
        fn shareable<T: Send + Sync + Clone + 'static>() {}
        shareable::<MockApi>();
        shareable::<RecordedRequest>();
    }

    #[test]
    fn content_type_set_before_a_body_is_kept() {
        let response = RawResponse::from(
            respond(400)
                .header("Content-Type", "application/problem+json")
                .json(&[1, 2]),
        );
        assert_eq!(
            response.headers()["content-type"],
            "application/problem+json"
        );
        assert_eq!(response.body().as_ref(), b"[1,2]");
        let response = RawResponse::from(respond(502).text("<html>bad gateway</html>"));
        assert_eq!(
            response.headers()["content-type"],
            "text/plain; charset=utf-8"
        );
        assert!(
            RawResponse::from(respond(204).body("x"))
                .headers()
                .is_empty()
        );
    }

    #[test]
    fn client_values_are_looked_up_by_name() {
        let mock = MockApi::new()
            .project_id("p1")
            .with_client_value("region", "r1");
        assert_eq!(mock.client_value("project_id"), Some("p1"));
        assert_eq!(mock.client_value("region"), Some("r1"));
        assert_eq!(mock.client_value("domain_id"), None);
    }

    #[test]
    #[should_panic(expected = "is not an HTTP status code")]
    fn status_out_of_range_panics() {
        let _ = respond(1000);
    }
}
