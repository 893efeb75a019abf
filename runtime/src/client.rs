//! The HTTP client: [`Api`] over reqwest.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::header::USER_AGENT;
use http::{HeaderMap, HeaderName, HeaderValue, Method};
use reqwest::Url;

use crate::api::Api;
use crate::auth::{Auth, AuthConfig, Credentials};
use crate::error::{BuildError, BuildErrorKind, ConfigErrorKind, Error, TransportError};
use crate::request::Request;
use crate::response::RawResponse;
use crate::secret::Secret;

/// The `User-Agent` sent unless [`ClientBuilder::user_agent`] says otherwise.
const DEFAULT_USER_AGENT: &str = concat!("restrait/", env!("CARGO_PKG_VERSION"));

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
    /// Adds the token or the signature to each attempt.
    auth: Auth,
    values: BTreeMap<String, String>,
    /// Default headers, the user agent among them, sent unless a request sets the same name.
    headers: HeaderMap,
    timeout: Option<Duration>,
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

    /// Adds the credentials to a request about to be sent to `url`. Credentials are added here,
    /// after every other header, so that nothing later can change what a signature covers.
    fn authenticate(
        &self,
        method: &Method,
        url: &mut Url,
        headers: &mut HeaderMap,
        body: Option<&Bytes>,
    ) -> Result<(), Error> {
        self.inner.auth.apply(method, url, headers, body)
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
    /// arrived. No limit by default.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
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
        let base = base_url(&self.base)?;
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
                builder.build().map_err(ConfigErrorKind::Http)?
            }
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base,
                auth,
                values: self.values,
                headers,
                timeout: self.timeout,
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

/// Checks a base URL and returns it normalized, without its trailing `/`.
fn base_url(text: &str) -> Result<String, Error> {
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
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

impl Api for Client {
    async fn send(&self, request: Request) -> Result<RawResponse, Error> {
        let inner = &*self.inner;
        let operation = request.operation_name();
        let template = request.path_template();
        let method = request.method().clone();
        let (path_and_query, mut headers, body) = request.into_parts();
        for name in inner.headers.keys() {
            if !headers.contains_key(name) {
                for value in inner.headers.get_all(name) {
                    headers.append(name.clone(), value.clone());
                }
            }
        }
        // The path was percent-encoded by the request builder and the base validated, so this
        // parse fails only on a transport-neutral `Request` made by hand with a broken path.
        let mut url = Url::parse(&format!("{}{path_and_query}", inner.base)).map_err(|source| {
            let kind = BuildErrorKind::Url { source };
            Error::Build(Box::new(BuildError::new(operation, kind)))
        })?;
        self.authenticate(&method, &mut url, &mut headers, body.as_ref())?;

        tracing::debug!(operation, %method, path = template, "sending request");
        let started = Instant::now();
        let mut builder = inner.http.request(method.clone(), url).headers(headers);
        if let Some(timeout) = inner.timeout {
            builder = builder.timeout(timeout);
        }
        if let Some(body) = body {
            builder = builder.body(body);
        }
        let failed = |error: reqwest::Error| {
            let error = TransportError::new(error);
            tracing::debug!(
                operation, %method, path = template, kind = ?error.kind(), %error, "request failed"
            );
            Error::Transport(Box::new(error))
        };
        let response = builder.send().await.map_err(failed)?;
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.bytes().await.map_err(failed)?;
        let response = RawResponse::new(status, headers, body);
        tracing::debug!(
            operation,
            %method,
            path = template,
            status = status.as_u16(),
            request_id = response.request_id(),
            elapsed_ms = started.elapsed().as_millis(),
            "received response"
        );
        Ok(response)
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
