//! A scripted HTTP server for the integration tests.
//!
//! Each test starts its own [`Server`] on `127.0.0.1`, port 0, so tests run in parallel without
//! sharing state. The server records every request exactly as it arrived (method, raw path and
//! query, headers, body bytes) and answers from a [`Script`]: per method and raw path, a list of
//! replies played in order, the last one repeated.

// Every test file compiles this module on its own and uses only part of it.
#![allow(dead_code)]

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::response::Response;
use bytes::Bytes;
use http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use restrait::{Client, ClientBuilder};

/// The project id the clients made by [`Server::client`] fill `client(project_id)` with.
pub const PROJECT_ID: &str = "0a1b2c3d4e5f";

/// One request as the server received it, nothing decoded.
#[derive(Debug, Clone)]
pub struct Received {
    /// The method.
    pub method: Method,
    /// The path as sent, percent-encoding included.
    pub path: String,
    /// The query as sent, without the `?`; `None` when the request target had no `?`.
    pub query: Option<String>,
    /// The headers.
    pub headers: HeaderMap,
    /// The body bytes.
    pub body: Bytes,
}

impl Received {
    /// The one value of the header `name`; panics when it is missing, repeated or not text.
    pub fn header(&self, name: &str) -> &str {
        let values = self.header_all(name);
        assert_eq!(
            values.len(),
            1,
            "expected one `{name}` header, got {values:?}"
        );
        values[0]
    }

    /// Every value of the header `name`, in order.
    pub fn header_all(&self, name: &str) -> Vec<&str> {
        self.headers
            .get_all(name)
            .iter()
            .map(|value| value.to_str().expect("a header value that is text"))
            .collect()
    }
}

/// One scripted response.
#[derive(Debug, Clone)]
pub struct Reply {
    status: StatusCode,
    headers: Vec<(HeaderName, HeaderValue)>,
    body: Bytes,
    delay: Option<Duration>,
}

impl Reply {
    /// A response with this status and no body.
    pub fn status(status: u16) -> Self {
        Reply {
            status: StatusCode::from_u16(status).expect("a valid status"),
            headers: Vec::new(),
            body: Bytes::new(),
            delay: None,
        }
    }

    /// A response with this status and `body` as JSON.
    pub fn json(status: u16, body: serde_json::Value) -> Self {
        Reply::status(status)
            .header("content-type", "application/json")
            .body(serde_json::to_vec(&body).expect("JSON"))
    }

    /// Sets the body bytes, whatever they are.
    pub fn body(mut self, body: impl Into<Bytes>) -> Self {
        self.body = body.into();
        self
    }

    /// Adds a header.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        let name = HeaderName::try_from(name).expect("a valid header name");
        let value = HeaderValue::try_from(value).expect("a valid header value");
        self.headers.push((name, value));
        self
    }

    /// Adds `X-Request-Id: id`.
    pub fn request_id(self, id: &str) -> Self {
        self.header("X-Request-Id", id)
    }

    /// Waits this long before answering.
    pub fn after(mut self, delay: Duration) -> Self {
        self.delay = Some(delay);
        self
    }
}

/// What the server answers, per method and raw path.
#[derive(Debug)]
pub struct Script {
    routes: Vec<Route>,
    otherwise: Reply,
}

#[derive(Debug)]
struct Route {
    method: Method,
    path: String,
    replies: VecDeque<Reply>,
}

impl Default for Script {
    /// A script with no routes: every request gets a 599, a status no test expects.
    fn default() -> Self {
        Script {
            routes: Vec::new(),
            otherwise: Reply::status(599).body("no reply scripted"),
        }
    }
}

impl Script {
    /// A script with no routes; see [`Script::default`].
    pub fn new() -> Self {
        Script::default()
    }

    /// Answers `method` on the raw path `path` with `replies` in order, repeating the last.
    pub fn route(
        mut self,
        method: Method,
        path: &str,
        replies: impl IntoIterator<Item = Reply>,
    ) -> Self {
        let replies: VecDeque<Reply> = replies.into_iter().collect();
        assert!(!replies.is_empty(), "a route needs at least one reply");
        self.routes.push(Route {
            method,
            path: path.to_owned(),
            replies,
        });
        self
    }

    /// Answers every request no route matches with `reply`.
    pub fn otherwise(mut self, reply: Reply) -> Self {
        self.otherwise = reply;
        self
    }

    fn reply(&mut self, method: &Method, path: &str) -> Reply {
        let route = self
            .routes
            .iter_mut()
            .find(|r| r.method == *method && r.path == path);
        match route {
            Some(route) if route.replies.len() > 1 => route.replies.pop_front().expect("a reply"),
            Some(route) => route.replies[0].clone(),
            None => self.otherwise.clone(),
        }
    }
}

struct Shared {
    script: Mutex<Script>,
    received: Mutex<Vec<Received>>,
}

/// A running test server; it stops with the test's runtime.
pub struct Server {
    addr: SocketAddr,
    shared: Arc<Shared>,
}

impl Server {
    /// Starts a server answering from `script`.
    pub async fn start(script: Script) -> Server {
        let shared = Arc::new(Shared {
            script: Mutex::new(script),
            received: Mutex::new(Vec::new()),
        });
        let app = Router::new()
            .fallback(record_and_reply)
            .with_state(Arc::clone(&shared));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("local address");
        tokio::spawn(async move { axum::serve(listener, app).await.expect("serve") });
        Server { addr, shared }
    }

    /// Starts a server answering every request with `reply`.
    pub async fn replying(reply: Reply) -> Server {
        Server::start(Script::new().otherwise(reply)).await
    }

    /// `http://127.0.0.1:<port>`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// A client for this server with the project id [`PROJECT_ID`] and no credentials.
    pub fn client(&self) -> Client {
        Client::builder(self.base_url())
            .project_id(PROJECT_ID)
            .build()
            .expect("client")
    }

    /// A builder for a client of this server with the project id [`PROJECT_ID`], for tests
    /// that change other settings.
    pub fn builder(&self) -> ClientBuilder {
        Client::builder(self.base_url()).project_id(PROJECT_ID)
    }

    /// Every request received so far, in order.
    pub fn received(&self) -> Vec<Received> {
        lock(&self.shared.received).clone()
    }

    /// The one request received so far; panics when there were none or several.
    pub fn only_request(&self) -> Received {
        let received = self.received();
        assert_eq!(
            received.len(),
            1,
            "expected exactly one request, got {received:#?}"
        );
        received.into_iter().next().expect("one request")
    }
}

/// A poisoned lock means another assertion already failed; its data is still what was
/// recorded.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

async fn record_and_reply(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let body = axum::body::to_bytes(body, usize::MAX)
        .await
        .expect("the whole request body");
    let received = Received {
        method: parts.method,
        path: parts.uri.path().to_owned(),
        query: parts.uri.query().map(str::to_owned),
        headers: parts.headers,
        body,
    };
    let reply = lock(&shared.script).reply(&received.method, &received.path);
    lock(&shared.received).push(received);
    if let Some(delay) = reply.delay {
        tokio::time::sleep(delay).await;
    }
    let mut response = Response::new(Body::from(reply.body));
    *response.status_mut() = reply.status;
    for (name, value) in reply.headers {
        response.headers_mut().append(name, value);
    }
    response
}
