//! The HTTP client: [`Api`] over reqwest.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use bytes::{Bytes, BytesMut};
use http::header::USER_AGENT;
use http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use reqwest::Url;
use tracing::Instrument;
use tracing::field::Empty;

use crate::api::Api;
use crate::auth::{Auth, AuthConfig, Credentials};
use crate::error::{
    BuildError, BuildErrorKind, ConfigErrorKind, Error, KEPT_BODY_LIMIT, TransportError,
    TransportErrorKind,
};
use crate::request::Request;
use crate::response::RawResponse;
use crate::retry::{RetryPolicy, jitter, retry_after};
use crate::secret::Secret;

/// The `User-Agent` sent unless [`ClientBuilder::user_agent`] says otherwise.
const DEFAULT_USER_AGENT: &str = concat!("restrait/", env!("CARGO_PKG_VERSION"));

/// The whole-call timeout unless [`ClientBuilder::timeout`] or the method says otherwise: long
/// enough for a slow listing or a large download, short enough that a dead connection does not
/// hang a caller forever.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// The largest success body read unless [`ClientBuilder::body_limit`] says otherwise.
const DEFAULT_BODY_LIMIT: usize = 32 * 1024 * 1024;

/// How much of a failure body is read: what the error keeps plus some slack, so that a JSON
/// error body a little over [`KEPT_BODY_LIMIT`] still parses whole.
const FAILURE_BODY_READ_LIMIT: usize = KEPT_BODY_LIMIT + 16 * 1024;

/// The most memory reserved up front from a declared `Content-Length`, which may be a lie.
const MAX_RESERVED: usize = 1024 * 1024;

/// An HTTP client for `#[api]` traits. Cheap to clone: clones share one connection pool.
///
/// ```
/// use std::time::Duration;
///
/// let client = restrait_runtime::Client::builder("https://workspace.example.com/")
///     .token("a token")
///     .project_id("0123456789abcdef")
///     .timeout(Duration::from_secs(30))
///     .default_header("X-Language", "en-us")
///     .build()?;
/// assert_eq!(client.base_url(), "https://workspace.example.com");
/// assert!(!format!("{client:?}").contains("a token"));
/// # Ok::<(), restrait_runtime::Error>(())
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    /// The validated base URL without its trailing `/`; a request's path is appended to it.
    base: String,
    /// `base` parsed once, so that a call copies it rather than parsing a URL string: parsing
    /// (the host's IDNA pass above all) is the largest single cost of building a request.
    base_url: Url,
    /// The path of `base`, without its trailing `/`, that every request's path follows.
    base_path: String,
    /// Adds the token or the signature to each attempt.
    auth: Auth,
    values: BTreeMap<String, String>,
    /// Default headers, the user agent among them, sent unless a request sets the same name.
    headers: HeaderMap,
    timeout: Duration,
    /// The whole-call timeout the reqwest client was built with: `timeout` when this crate
    /// built it, `None` when the user supplied it.
    http_timeout: Option<Duration>,
    retry: RetryPolicy,
    body_limit: usize,
}

impl Inner {
    /// The base URL followed by a request's encoded path, which starts with `/`, and query.
    fn url(&self, path: &str, query: Option<&str>) -> Url {
        let mut url = self.base_url.clone();
        if self.base_path.is_empty() {
            url.set_path(path);
        } else {
            url.set_path(&format!("{}{path}", self.base_path));
        }
        url.set_query(query);
        url
    }
}

/// Configures a [`Client`].
pub struct ClientBuilder {
    base: String,
    pub(crate) auth: AuthConfig,
    values: BTreeMap<String, String>,
    http: Option<reqwest::Client>,
    headers: HeaderMap,
    user_agent: Option<String>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    retry: RetryPolicy,
    body_limit: usize,
    /// The first invalid setting, reported by [`ClientBuilder::build`] so that the setters
    /// chain without a `?` each.
    error: Option<ConfigErrorKind>,
}

impl Client {
    /// Starts configuring a client for the service at `base_url` (scheme, host, optional port
    /// and path prefix, such as `https://workspace.ap-southeast-1.myhuaweicloud.com`).
    pub fn builder(base_url: impl Into<String>) -> ClientBuilder {
        ClientBuilder {
            base: base_url.into(),
            auth: AuthConfig::default(),
            values: BTreeMap::new(),
            http: None,
            headers: HeaderMap::new(),
            user_agent: None,
            timeout: None,
            connect_timeout: None,
            retry: RetryPolicy::default(),
            body_limit: DEFAULT_BODY_LIMIT,
            error: None,
        }
    }

    /// A client for the service at `base_url` with no credentials and default settings; the
    /// same as `Client::builder(base_url).build()`.
    pub fn new(base_url: impl Into<String>) -> Result<Client, Error> {
        Client::builder(base_url).build()
    }

    /// The base URL every request's path is appended to, without a trailing `/`.
    pub fn base_url(&self) -> &str {
        &self.inner.base
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &*self.inner;
        f.debug_struct("Client")
            .field("base_url", &inner.base)
            // Secrets print themselves redacted, and sensitive header values as `Sensitive`.
            .field("auth", &inner.auth)
            .field("client_values", &inner.values)
            .field("default_headers", &HeaderNames(&inner.headers))
            .field("timeout", &inner.timeout)
            .field("retry", &inner.retry)
            .field("body_limit", &inner.body_limit)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// Sends `X-Auth-Token: token` with every request.
    pub fn token(self, token: impl Into<Secret>) -> Self {
        self.credentials(Credentials::Token(token.into()))
    }

    /// Sets the project id that fills `<project_id>` placeholders declared `client(project_id)`.
    pub fn project_id(self, project_id: impl Into<String>) -> Self {
        self.client_value("project_id", project_id)
    }

    /// Sets the value of the client-bound placeholder `<name>`.
    pub fn client_value(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.values.insert(name.into(), value.into());
        self
    }

    /// Limits how long a call may take, from connecting until the whole response body has
    /// arrived, retries and the waits between them included. A method declared with
    /// `timeout = ".."` uses its own instead. 60 seconds by default; `Duration::MAX` for no
    /// limit, which also spares each call the timer a limit costs.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Sets when a call is sent again after a failure; see [`RetryPolicy`] for the default.
    /// [`RetryPolicy::none`] sends every request once.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Limits the size of a success body, in bytes: a larger one fails the call with
    /// [`TransportErrorKind::BodyTooLarge`] as soon as its `Content-Length` or the bytes read
    /// so far exceed the limit, instead of filling memory. 32 MiB by default. A failure body is
    /// read up to a little more than [`KEPT_BODY_LIMIT`] whatever this says, and cut there.
    pub fn body_limit(mut self, bytes: usize) -> Self {
        self.body_limit = bytes;
        self
    }

    /// Limits how long connecting may take. No limit by default. Cannot be combined with
    /// [`ClientBuilder::reqwest_client`]; set it on that client instead.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Sends `name: value` with every request that does not set `name` itself (through a
    /// parameter or a static header of its operation). Call again to add more values of the
    /// same name. An invalid name or value is reported by [`ClientBuilder::build`].
    pub fn default_header(mut self, name: &str, value: &str) -> Self {
        let Ok(name) = HeaderName::try_from(name) else {
            self.fail(ConfigErrorKind::HeaderName {
                name: name.to_owned(),
            });
            return self;
        };
        match HeaderValue::try_from(value) {
            Ok(value) => {
                self.headers.append(name, value);
            }
            Err(_) => self.fail(ConfigErrorKind::HeaderValue {
                name: name.to_string(),
            }),
        }
        self
    }

    /// Replaces the `User-Agent`, `restrait/<version>` by default.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Uses a reqwest client configured elsewhere (proxies, TLS roots, pool settings).
    pub fn reqwest_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    fn fail(&mut self, kind: ConfigErrorKind) {
        self.error.get_or_insert(kind);
    }

    /// Builds the client.
    ///
    /// Fails with [`Error::Config`] when a setting is invalid: a base URL that is not an
    /// absolute `http` or `https` URL, or that holds a user name, password, query or fragment;
    /// an invalid default header, user agent or token; a connect timeout together with a
    /// reqwest client.
    pub fn build(self) -> Result<Client, Error> {
        if let Some(kind) = self.error {
            return Err(kind.into());
        }
        let base_url = base_url(&self.base)?;
        let base = base_url.as_str().trim_end_matches('/').to_owned();
        let auth = self
            .auth
            .build(self.values.get("project_id").map(String::as_str))?;
        let mut headers = self.headers;
        let user_agent = self.user_agent.as_deref().unwrap_or(DEFAULT_USER_AGENT);
        let user_agent =
            HeaderValue::from_str(user_agent).map_err(|_| ConfigErrorKind::HeaderValue {
                name: USER_AGENT.to_string(),
            })?;
        headers.insert(USER_AGENT, user_agent);
        let timeout = self.timeout.unwrap_or(DEFAULT_TIMEOUT);
        // The default limit also goes to the reqwest client, when this crate builds it, so that
        // a first attempt need not carry a limit of its own; see `Client::attempt`. Not when it
        // is too far away to be added to the clock, which means no limit.
        let http_timeout = self
            .http
            .is_none()
            .then_some(timeout)
            .filter(|&timeout| Instant::now().checked_add(timeout).is_some());
        let http = match (self.http, self.connect_timeout) {
            (Some(_), Some(_)) => {
                return Err(ConfigErrorKind::ConnectTimeoutWithReqwestClient.into());
            }
            (Some(http), None) => http,
            (None, connect_timeout) => {
                let mut builder = reqwest::Client::builder();
                if let Some(timeout) = connect_timeout {
                    builder = builder.connect_timeout(timeout);
                }
                if let Some(timeout) = http_timeout {
                    builder = builder.timeout(timeout);
                }
                builder.build().map_err(ConfigErrorKind::Http)?
            }
        };
        let base_path = base_url.path().trim_end_matches('/').to_owned();
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                base_path,
                base,
                auth,
                values: self.values,
                headers,
                timeout,
                http_timeout,
                retry: self.retry,
                body_limit: self.body_limit,
            }),
        })
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The base URL is not shown: it is validated only by `build`, and until then it may
        // hold a password.
        f.debug_struct("ClientBuilder")
            .field("auth", &self.auth)
            .field("client_values", &self.values)
            .field("default_headers", &HeaderNames(&self.headers))
            .field("user_agent", &self.user_agent)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("retry", &self.retry)
            .field("body_limit", &self.body_limit)
            .field("reqwest_client", &self.http.is_some())
            .finish_non_exhaustive()
    }
}

/// Shows a header map by its names only: a default header may carry a credential.
struct HeaderNames<'a>(&'a HeaderMap);

impl fmt::Debug for HeaderNames<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.0.keys()).finish()
    }
}

/// Checks a base URL and returns it parsed.
fn base_url(text: &str) -> Result<Url, Error> {
    let url = Url::parse(text).map_err(|source| {
        // The text is echoed to help find the typo, unless it may hold a password.
        let url = if text.contains('@') {
            "[hidden]".to_owned()
        } else {
            text.to_owned()
        };
        ConfigErrorKind::BaseUrlParse { url, source }
    })?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(ConfigErrorKind::BaseUrlCredentials.into());
    }
    if !matches!(url.scheme(), "http" | "https") {
        return Err(ConfigErrorKind::BaseUrlScheme {
            scheme: url.scheme().to_owned(),
        }
        .into());
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(ConfigErrorKind::BaseUrlQuery.into());
    }
    Ok(url)
}

/// The most headers [`Auth::apply`] adds: the token or the signature's date, authorization,
/// project, security token and content hash.
const AUTH_HEADERS: usize = 6;

/// A copy of an attempt's headers with room for the credentials: a cloned `HeaderMap` has no
/// spare entries, and the first insert into it would reallocate both of its tables.
fn copy_with_room(headers: &HeaderMap) -> HeaderMap {
    let mut copy = HeaderMap::with_capacity(headers.len() + AUTH_HEADERS);
    for (name, value) in headers {
        copy.append(name.clone(), value.clone());
    }
    copy
}

/// The time limit of one attempt.
enum Remaining {
    /// The reqwest client's own timeout, which is the call's whole limit.
    ClientTimeout,
    /// Until the call's deadline, or no limit when it is too far away to be added to the clock.
    Until(Option<Instant>),
}

/// How one attempt ended.
enum Attempt {
    /// A whole response arrived (a failure body possibly cut).
    Answered(RawResponse),
    /// No whole response arrived; `nothing_sent` when the connection was never made.
    Failed {
        error: TransportError,
        nothing_sent: bool,
    },
}

impl Client {
    /// Sends `request` once or more, as the retry policy allows, and returns the last outcome.
    ///
    /// The loop is written here rather than left to reqwest's own retries (`reqwest::retry`):
    /// those replay the request as first built, so an AK/SK signature would go out stale, and
    /// they have no backoff, no `Retry-After`, and no way to hand back the last failure status
    /// with its body once the retries run out.
    ///
    /// The outcome is recorded on `span`, the call's; it is passed in rather than found as the
    /// current span, which only subscribers that track entered spans can tell.
    async fn call(&self, request: Request, span: &tracing::Span) -> Result<RawResponse, Error> {
        let inner = &*self.inner;
        let started = Instant::now();
        let operation = request.operation_name();
        let template = request.path_template();
        let idempotent = request.is_idempotent();
        let timeout = request.timeout().unwrap_or(inner.timeout);
        // `None` when a limit is too far away to be added to the clock: no limit, in effect.
        let call_deadline = started.checked_add(timeout);
        let retry_deadline = inner
            .retry
            .deadline_after_start()
            .and_then(|deadline| started.checked_add(deadline));
        let method = request.method().clone();
        let path_len = request.path().len();
        if !request.path().starts_with('/') {
            let kind = BuildErrorKind::Url {
                source: url::ParseError::RelativeUrlWithoutBase,
            };
            return Err(Error::Build(Box::new(BuildError::new(operation, kind))));
        }
        let (path_and_query, mut request_headers, body) = request.into_parts();
        let (path, query) = path_and_query.split_at(path_len);
        let query = query.strip_prefix('?');
        for name in inner.headers.keys() {
            if !request_headers.contains_key(name) {
                for value in inner.headers.get_all(name) {
                    request_headers.append(name.clone(), value.clone());
                }
            }
        }
        // Whether reqwest's client-wide timeout, set by `ClientBuilder::build` to the client's
        // default, already bounds the first attempt; if not, each attempt carries its own.
        let first_bounded_by_client = inner.http_timeout.is_some_and(|t| t == timeout);

        let mut attempts = 0;
        let outcome = loop {
            attempts += 1;
            // The URL is built afresh for each attempt (cheaper than keeping a copy to clone),
            // and the headers are copied only while another attempt may need them: the last
            // one possible takes them. Credentials go on each attempt's own URL and headers,
            // since a signature covers `X-Sdk-Date`, which must be the time of this attempt.
            let mut url = inner.url(path, query);
            let mut headers = if inner.retry.allows_another(attempts) {
                copy_with_room(&request_headers)
            } else {
                // An empty `HeaderMap` allocates nothing.
                std::mem::take(&mut request_headers)
            };
            // Credentials go on last, after every other header, so that nothing later can
            // change what a signature covers.
            inner
                .auth
                .apply(&method, &mut url, &mut headers, body.as_ref())?;
            tracing::debug!(
                operation,
                %method,
                path = template,
                attempt = attempts,
                "sending request"
            );
            let remaining = if attempts == 1 && first_bounded_by_client {
                Remaining::ClientTimeout
            } else {
                Remaining::Until(call_deadline)
            };
            let outcome = self
                .attempt(method.clone(), url, headers, body.clone(), remaining)
                .await;
            match &outcome {
                Attempt::Answered(response) => tracing::debug!(
                    operation,
                    %method,
                    path = template,
                    attempt = attempts,
                    status = response.status().as_u16(),
                    request_id = response.request_id(),
                    elapsed_ms = started.elapsed().as_millis(),
                    "received response"
                ),
                Attempt::Failed { error, .. } => tracing::debug!(
                    operation,
                    %method,
                    path = template,
                    attempt = attempts,
                    kind = ?error.kind(),
                    %error,
                    "request failed"
                ),
            }
            let Some(delay) = self.retry_delay(&outcome, attempts, idempotent) else {
                break outcome;
            };
            // A wait that would use up the call's time is not worth starting: the answer in
            // hand says more than a timeout would.
            let Some(resume) = Instant::now().checked_add(delay) else {
                break outcome;
            };
            if call_deadline.is_some_and(|end| resume >= end)
                || retry_deadline.is_some_and(|end| resume > end)
            {
                break outcome;
            }
            tracing::debug!(
                operation,
                attempt = attempts,
                delay_ms = delay.as_millis(),
                "retrying"
            );
            tokio::time::sleep(delay).await;
        };

        // Without a subscriber the span is disabled: skip reading the clock for it.
        let recording = !span.is_disabled();
        if recording {
            span.record("attempts", attempts);
            span.record("elapsed_ms", started.elapsed().as_millis());
        }
        match outcome {
            Attempt::Answered(response) => {
                if recording {
                    span.record("status", response.status().as_u16());
                    if let Some(id) = response.request_id() {
                        span.record("request_id", id);
                    }
                }
                Ok(response.with_attempts(attempts))
            }
            Attempt::Failed { error, .. } => {
                Err(Error::Transport(Box::new(error.with_attempts(attempts))))
            }
        }
    }

    /// Sends one attempt and reads its body within the time `remaining`.
    async fn attempt(
        &self,
        method: Method,
        url: Url,
        headers: HeaderMap,
        body: Option<Bytes>,
        remaining: Remaining,
    ) -> Attempt {
        // Built directly rather than through `reqwest::RequestBuilder`, whose `headers` merges
        // into an empty map entry by entry.
        let mut request = reqwest::Request::new(method, url);
        *request.headers_mut() = headers;
        // reqwest applies its timeouts to the body's chunks too, so a trickling body times out.
        // A per-request timeout costs reqwest an extension map (three allocations), which the
        // client-wide one avoids when it is the right limit.
        match remaining {
            Remaining::ClientTimeout => {}
            Remaining::Until(Some(end)) => {
                *request.timeout_mut() = Some(end.saturating_duration_since(Instant::now()));
            }
            // Too far away to be added to the clock: no limit. Said so explicitly when the
            // client-wide timeout of this crate's reqwest client would otherwise apply; left
            // unset (no timer at all) when there is none.
            Remaining::Until(None) => {
                if self.inner.http_timeout.is_some() {
                    *request.timeout_mut() = Some(Duration::MAX);
                }
            }
        }
        *request.body_mut() = body.map(reqwest::Body::from);
        let mut response = match self.inner.http.execute(request).await {
            Ok(response) => response,
            Err(error) => {
                // reqwest reports as a connect error only a failure before the request was
                // written: refused, unreachable, DNS, TLS, a connect timeout.
                let nothing_sent = error.is_connect();
                let error = TransportError::new(error);
                return Attempt::Failed {
                    error,
                    nothing_sent,
                };
            }
        };
        let status = response.status();
        let headers = std::mem::take(response.headers_mut());
        let read = if status.is_success() {
            read_body(&mut response, self.inner.body_limit, Overflow::Refuse).await
        } else {
            read_body(&mut response, FAILURE_BODY_READ_LIMIT, Overflow::Cut).await
        };
        match read {
            Ok(body) => Attempt::Answered(RawResponse::new(status, headers, body)),
            Err(error) => Attempt::Failed {
                error,
                nothing_sent: false,
            },
        }
    }

    /// How long to wait before another attempt, or `None` when there is to be none.
    fn retry_delay(&self, outcome: &Attempt, attempts: u32, idempotent: bool) -> Option<Duration> {
        let policy = &self.inner.retry;
        if !policy.allows_another(attempts) {
            return None;
        }
        let asked = match outcome {
            Attempt::Answered(response) if policy.retries_status(response.status(), idempotent) => {
                retry_after(response.headers(), SystemTime::now())
            }
            Attempt::Failed {
                nothing_sent: true, ..
            } => None,
            _ => return None,
        };
        Some(policy.delay(attempts, asked, jitter))
    }
}

/// What to do with a body longer than the limit.
#[derive(Clone, Copy)]
enum Overflow {
    /// Fail: a success body cut short would decode wrongly or not at all.
    Refuse,
    /// Keep its head: a failure body is only read for its message.
    Cut,
}

/// Reads a body chunk by chunk, never holding more than `limit` bytes of it.
async fn read_body(
    response: &mut reqwest::Response,
    limit: usize,
    overflow: Overflow,
) -> Result<Bytes, TransportError> {
    let status = response.status();
    // reqwest's length already accounts for bodies that HEAD, 204 and 304 answers never have.
    let declared = response.content_length();
    let too_large = |declared| {
        let source = BodyTooLarge {
            status,
            limit,
            declared,
        };
        TransportError::with_kind(TransportErrorKind::BodyTooLarge, source)
    };
    if let (Overflow::Refuse, Some(length)) = (overflow, declared) {
        if usize::try_from(length).map_or(true, |length| length > limit) {
            return Err(too_large(declared));
        }
    }
    // The common single-chunk body is returned as it came, without a copy.
    let mut first: Option<Bytes> = None;
    let mut joined = BytesMut::new();
    let mut read = 0;
    while let Some(mut chunk) = response.chunk().await.map_err(TransportError::new)? {
        let room = limit - read;
        let full = chunk.len() >= room;
        if chunk.len() > room {
            match overflow {
                Overflow::Refuse => return Err(too_large(declared)),
                Overflow::Cut => chunk.truncate(room),
            }
        }
        read += chunk.len();
        if joined.is_empty() && first.is_none() {
            first = Some(chunk);
        } else {
            if let Some(first) = first.take() {
                let expected = declared.and_then(|length| usize::try_from(length).ok());
                joined.reserve(expected.unwrap_or(0).min(limit).min(MAX_RESERVED));
                joined.extend_from_slice(&first);
            }
            joined.extend_from_slice(&chunk);
        }
        // Reading on would only fill memory with bytes the error does not keep; dropping the
        // response closes the connection instead.
        if full && matches!(overflow, Overflow::Cut) {
            break;
        }
    }
    Ok(first.unwrap_or_else(|| joined.freeze()))
}

/// The source of a [`TransportErrorKind::BodyTooLarge`] error.
#[derive(Debug)]
struct BodyTooLarge {
    status: StatusCode,
    limit: usize,
    declared: Option<u64>,
}

impl fmt::Display for BodyTooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the {} response body is over the limit of {} bytes",
            self.status, self.limit
        )?;
        if let Some(length) = self.declared {
            write!(f, " (its Content-Length is {length})")?;
        }
        Ok(())
    }
}

impl std::error::Error for BodyTooLarge {}

impl Api for Client {
    /// Sends the request, retrying as the client's [`RetryPolicy`] allows, within one
    /// `restrait.call` tracing span (debug level) that records the operation, the method, the
    /// path template (never the values filled in), the status, the number of attempts, the
    /// request id and the time taken.
    async fn send(&self, request: Request) -> Result<RawResponse, Error> {
        let span = tracing::debug_span!(
            "restrait.call",
            operation = request.operation_name(),
            method = %request.method(),
            path = request.path_template(),
            status = Empty,
            attempts = Empty,
            request_id = Empty,
            elapsed_ms = Empty,
        );
        // With no subscriber listening, entering and leaving the span on every poll is pure
        // cost (a tenth of a call's instructions): skip the wrapper.
        if span.is_disabled() {
            return self.call(request, &span).await;
        }
        let record = span.clone();
        self.call(request, &record).instrument(span).await
    }

    fn client_value(&self, name: &str) -> Option<&str> {
        self.inner.values.get(name).map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config_error(base: &str) -> String {
        match Client::new(base) {
            Err(Error::Config(error)) => error.to_string(),
            other => panic!("expected a configuration error for {base}, got {other:?}"),
        }
    }

    #[test]
    fn base_url_is_normalized() {
        let client = Client::new("https://Example.COM:8443/prefix/").unwrap();
        assert_eq!(client.base_url(), "https://example.com:8443/prefix");
        assert_eq!(
            Client::new("http://127.0.0.1").unwrap().base_url(),
            "http://127.0.0.1"
        );
    }

    #[test]
    fn bad_base_urls_are_refused_with_a_reason() {
        assert!(config_error("example.com").contains("`example.com` is not an absolute URL"));
        assert!(config_error("ftp://example.com").contains("not `ftp:`"));
        assert!(config_error("https://example.com/?a=1").contains("query or a fragment"));
        assert!(config_error("https://example.com/#top").contains("query or a fragment"));
        let message = config_error("https://user:hunter2@example.com");
        assert!(message.contains("user name or password"), "{message}");
        assert!(!message.contains("hunter2"), "{message}");
        let message = config_error("https://user:hunter2@exa mple.com");
        assert!(!message.contains("hunter2"), "{message}");
    }

    #[test]
    fn invalid_settings_are_reported_by_build() {
        let error = |builder: ClientBuilder| match builder.build() {
            Err(Error::Config(error)) => error.to_string(),
            other => panic!("expected a configuration error, got {other:?}"),
        };
        let base = "https://example.com";
        let message = error(Client::builder(base).default_header("X-Secret", "a\nb"));
        assert!(
            message.contains("`x-secret`") && !message.contains("a\nb"),
            "{message}"
        );
        let message = error(Client::builder(base).default_header("bad name", "v"));
        assert!(
            message.contains("`bad name` is not a valid header name"),
            "{message}"
        );
        let message = error(Client::builder(base).token("tok\r\nen"));
        assert!(
            message.contains("token") && !message.contains("tok\r\nen"),
            "{message}"
        );
        let message = error(Client::builder(base).user_agent("a\u{7f}"));
        assert!(message.contains("`user-agent`"), "{message}");
        let with_both = Client::builder(base)
            .reqwest_client(reqwest::Client::new())
            .connect_timeout(Duration::from_secs(1));
        assert!(error(with_both).contains("connect timeout"));
    }

    #[test]
    fn unset_limits_have_their_documented_defaults() {
        let client = Client::new("https://example.com").unwrap();
        assert_eq!(client.inner.timeout, Duration::from_secs(60));
        assert_eq!(client.inner.body_limit, 32 * 1024 * 1024);
        assert_eq!(client.inner.retry, RetryPolicy::default());
        let client = Client::builder("https://example.com")
            .timeout(Duration::from_secs(5))
            .body_limit(10)
            .retry_policy(RetryPolicy::none())
            .build()
            .unwrap();
        assert_eq!(client.inner.timeout, Duration::from_secs(5));
        assert_eq!(client.inner.body_limit, 10);
        assert_eq!(client.inner.retry.attempts(), 1);
    }

    #[test]
    fn debug_never_shows_credentials() {
        let builder = Client::builder("https://user:pw1@example.com")
            .token("tok-123")
            .default_header("X-Api-Key", "key-456");
        let shown = format!("{builder:?}");
        assert!(
            !shown.contains("tok-123") && !shown.contains("key-456"),
            "{shown}"
        );
        assert!(!shown.contains("pw1"), "{shown}");
        let client = Client::builder("https://example.com")
            .token("tok-123")
            .default_header("X-Api-Key", "key-456")
            .project_id("p1")
            .build()
            .unwrap();
        let shown = format!("{client:?}");
        assert!(
            !shown.contains("tok-123") && !shown.contains("key-456"),
            "{shown}"
        );
        assert!(
            shown.contains("x-api-key") && shown.contains("p1"),
            "{shown}"
        );
        assert!(shown.contains("[redacted]"), "{shown}");
    }
}
