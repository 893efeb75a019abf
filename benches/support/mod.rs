//! What the benches share: a counting allocator, the loopback server, and the reference call
//! written four ways (restrait with a token, restrait signed, reqwest by hand, raw hyper-util).
//!
//! The reference call is `POST /v2/p/users/<user>/resend-email` with the JSON body
//! `{"template_id":"email01"}`. The server answers 204 with no body, or, for the user `denied`,
//! 403 with a Huawei Cloud error body.

use std::alloc::{GlobalAlloc, Layout, System};
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use bytes::Bytes;
use http::StatusCode;
use http::header::{CONTENT_TYPE, HeaderValue};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::client::legacy::Client as HyperClient;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::{TokioExecutor, TokioIo};
use restrait::{Api, Client, Error, api};
use serde::{Deserialize, Serialize};

/// Counts allocations and the bytes they ask for, so that per-call figures are exact.
/// A `realloc` counts as one allocation of its new size, as a fresh buffer would.
pub struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);
static BYTES: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded unchanged to the system allocator; only counters are added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        BYTES.fetch_add(layout.size(), Ordering::Relaxed);
        // SAFETY: the caller's contract is passed on as it is.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        BYTES.fetch_add(new_size, Ordering::Relaxed);
        // SAFETY: as above.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

/// Allocations and bytes allocated so far by the whole process.
pub fn allocated() -> (usize, usize) {
    (
        ALLOCATIONS.load(Ordering::Relaxed),
        BYTES.load(Ordering::Relaxed),
    )
}

pub const PROJECT_ID: &str = "p";
pub const TOKEN: &str = "MIIbench-token-not-a-secret";
pub const ACCESS_KEY: &str = "HPUAL3KD6ZZ6CZ3W7UXQ";
pub const SECRET_KEY: &str = "qcZ1gKW9bVk3EajBxyP7wRHn6mTsN0dfL8oUuJ2c";
pub const TEMPLATE_ID: &str = "email01";

/// The user the server refuses with a 403 and an error body.
pub const DENIED: &str = "denied";
/// A user the server answers 204 for.
pub const ALLOWED: &str = "ok";

const REFUSAL: &str =
    r#"{"error_code":"WKS.0403","error_msg":"The user is not allowed to do this."}"#;

/// Serves the reference call on `listener` until the process ends.
pub async fn serve(listener: std::net::TcpListener) {
    listener
        .set_nonblocking(true)
        .expect("a bound socket can be made non-blocking");
    let listener =
        tokio::net::TcpListener::from_std(listener).expect("called inside a Tokio runtime");
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        // Without it a small response may wait for the client's delayed ACK.
        stream.set_nodelay(true).ok();
        tokio::spawn(async move {
            let service = service_fn(answer);
            let connection = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service);
            connection.await.ok();
        });
    }
}

/// Starts the server on a thread of its own and returns its address.
pub fn spawn_server() -> SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("loopback is available");
    let address = listener
        .local_addr()
        .expect("a bound socket has an address");
    std::thread::spawn(move || {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a Tokio runtime starts")
            .block_on(serve(listener));
    });
    address
}

async fn answer(
    request: hyper::Request<Incoming>,
) -> Result<hyper::Response<Full<Bytes>>, Infallible> {
    let denied = request.uri().path().contains("/denied/");
    // The body is read whole, as a service would, before answering.
    request.into_body().collect().await.ok();
    let mut response = hyper::Response::new(Full::new(Bytes::new()));
    if denied {
        *response.status_mut() = StatusCode::FORBIDDEN;
        response
            .headers_mut()
            .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        *response.body_mut() = Full::new(Bytes::from_static(REFUSAL.as_bytes()));
    } else {
        *response.status_mut() = StatusCode::NO_CONTENT;
    }
    Ok(response)
}

/// The body of the reference call.
#[derive(Serialize)]
pub struct ResendEmail<'a> {
    pub template_id: &'a str,
}

/// The reference call declared with restrait.
pub trait Users: Api {
    /// Resends the activation email to a desktop user.
    #[api(post, "/v2/<project_id>/users/<user_id>/resend-email")]
    async fn resend_email(
        &self,
        project_id: &str,
        user_id: &str,
        #[body] body: &ResendEmail<'_>,
    ) -> Result<(), Error>;
}

impl Users for Client {}

/// The error body the hand-written clients parse.
#[derive(Deserialize)]
pub struct ServiceFailure {
    pub error_code: String,
    pub error_msg: String,
}

/// What a hand-written client returns when the call fails.
pub enum HandError<T> {
    /// A status outside 2xx, with the error body when it parsed.
    Status(StatusCode, Option<ServiceFailure>),
    Transport(T),
}

/// The reference call as a reqwest user would write it: a `format!` URL and `.json()`.
pub async fn reqwest_resend_email(
    http: &reqwest::Client,
    base: &str,
    project_id: &str,
    user_id: &str,
    body: &ResendEmail<'_>,
) -> Result<(), HandError<reqwest::Error>> {
    let response = http
        .post(format!(
            "{base}/v2/{project_id}/users/{user_id}/resend-email"
        ))
        .header("X-Auth-Token", TOKEN)
        .json(body)
        .send()
        .await
        .map_err(HandError::Transport)?;
    let status = response.status();
    if status.is_success() {
        return Ok(());
    }
    let body = response.bytes().await.map_err(HandError::Transport)?;
    Err(HandError::Status(
        status,
        serde_json::from_slice(&body).ok(),
    ))
}

pub type RawClient = HyperClient<HttpConnector, Full<Bytes>>;

/// The reference call on hyper-util's pooled client: the floor any reqwest-based client sits on.
pub async fn hyper_resend_email(
    http: &RawClient,
    base: &str,
    project_id: &str,
    user_id: &str,
    body: &ResendEmail<'_>,
) -> Result<(), HandError<Box<dyn std::error::Error + Send + Sync>>> {
    let failed = |error| HandError::Transport(Box::new(error) as _);
    let body = serde_json::to_vec(body).map_err(failed)?;
    let request = http::Request::post(format!(
        "{base}/v2/{project_id}/users/{user_id}/resend-email"
    ))
    .header(CONTENT_TYPE, "application/json")
    .header("x-auth-token", TOKEN)
    .body(Full::new(Bytes::from(body)))
    .map_err(|error| HandError::Transport(Box::new(error) as _))?;
    let response = http
        .request(request)
        .await
        .map_err(|error| HandError::Transport(Box::new(error) as _))?;
    let status = response.status();
    let body = response
        .into_body()
        .collect()
        .await
        .map_err(|error| HandError::Transport(Box::new(error) as _))?
        .to_bytes();
    if status.is_success() {
        return Ok(());
    }
    Err(HandError::Status(
        status,
        serde_json::from_slice(&body).ok(),
    ))
}

/// Which client makes the call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Restrait,
    RestraitSigned,
    Reqwest,
    /// The hand-written reqwest call on a client with a 60 s timeout, restrait's default: the
    /// baseline that shows what that timeout costs. Not in [`Kind::ALL`], which the criterion
    /// benches walk; `callgrind_calls reqwest-timeout ..` runs it.
    ReqwestTimeout,
    Hyper,
}

impl Kind {
    pub const ALL: [Kind; 4] = [
        Kind::Restrait,
        Kind::Reqwest,
        Kind::Hyper,
        Kind::RestraitSigned,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Kind::Restrait => "restrait",
            Kind::RestraitSigned => "restrait-signed",
            Kind::Reqwest => "reqwest",
            Kind::ReqwestTimeout => "reqwest-timeout",
            Kind::Hyper => "hyper",
        }
    }

    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL
            .into_iter()
            .chain([Kind::ReqwestTimeout])
            .find(|kind| kind.name() == name)
    }
}

/// One client of each kind, all pointed at the same server.
pub struct Clients {
    base: String,
    restrait: Client,
    signed: Client,
    reqwest: reqwest::Client,
    reqwest_timeout: reqwest::Client,
    hyper: RawClient,
}

impl Clients {
    pub fn new(server: SocketAddr) -> Clients {
        let base = format!("http://{server}");
        let restrait = Client::builder(&base)
            .token(TOKEN)
            .build()
            .expect("a valid configuration");
        let signed = Client::builder(&base)
            .access_key(ACCESS_KEY, SECRET_KEY)
            .project_id(PROJECT_ID)
            .build()
            .expect("a valid configuration");
        let hyper = HyperClient::builder(TokioExecutor::new()).build_http();
        Clients {
            base,
            restrait,
            signed,
            reqwest: reqwest::Client::new(),
            reqwest_timeout: reqwest::Client::builder()
                .timeout(Duration::from_secs(60))
                .build()
                .expect("a valid configuration"),
            hyper,
        }
    }

    /// Makes the reference call for `user_id` and returns the status the caller saw, checking
    /// that a refusal was decoded: a client that skipped the error body would look cheaper.
    pub async fn call(&self, kind: Kind, user_id: &str) -> StatusCode {
        let body = ResendEmail {
            template_id: TEMPLATE_ID,
        };
        let (base, project) = (&self.base, PROJECT_ID);
        let restrait = |result: Result<(), Error>| match result {
            Ok(()) => StatusCode::NO_CONTENT,
            Err(Error::Status(error)) if error.error_code() == "WKS.0403" => error.status(),
            Err(error) => panic!("unexpected failure: {error}"),
        };
        fn hand<T: std::fmt::Debug>(result: Result<(), HandError<T>>) -> StatusCode {
            match result {
                Ok(()) => StatusCode::NO_CONTENT,
                Err(HandError::Status(status, Some(failure)))
                    if failure.error_code == "WKS.0403" && !failure.error_msg.is_empty() =>
                {
                    status
                }
                Err(HandError::Status(status, _)) => panic!("unexpected status {status}"),
                Err(HandError::Transport(error)) => panic!("transport failure: {error:?}"),
            }
        }
        match kind {
            Kind::Restrait => restrait(self.restrait.resend_email(project, user_id, &body).await),
            Kind::RestraitSigned => {
                restrait(self.signed.resend_email(project, user_id, &body).await)
            }
            Kind::Reqwest => {
                hand(reqwest_resend_email(&self.reqwest, base, project, user_id, &body).await)
            }
            Kind::ReqwestTimeout => {
                let http = &self.reqwest_timeout;
                hand(reqwest_resend_email(http, base, project, user_id, &body).await)
            }
            Kind::Hyper => {
                hand(hyper_resend_email(&self.hyper, base, project, user_id, &body).await)
            }
        }
    }
}
