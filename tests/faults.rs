//! Faults a network or a service can throw at a call, and what `Client` makes of each: which
//! error kind the caller gets, how many requests the server saw, and that nothing panicked.
//!
//! Well-formed but unwelcome answers (503, 429, 500, large bodies, slow answers) come from the
//! scripted server of `common`; broken HTTP (resets, cut bodies, silence, trickles) from a raw
//! TCP server written here. Every wait is kept well under a second, except where a test checks
//! that a one-second `Retry-After` is honoured.

mod common;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use common::{Reply, Script, Server};
use http::{Method, StatusCode};
use restrait::{
    Api, Bytes, Client, ClientBuilder, Error, KEPT_BODY_LIMIT, RetryPolicy, TransportErrorKind, api,
};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

trait Desktops: Api {
    #[api(get, "/desktops/<id>")]
    async fn show(&self, id: &str) -> Result<Bytes, Error>;

    #[api(get, "/desktops/<id>/quick", timeout = "200ms")]
    async fn show_quickly(&self, id: &str) -> Result<Bytes, Error>;

    #[api(get, "/desktops/<id>/patient", timeout = "2s")]
    async fn show_patiently(&self, id: &str) -> Result<Bytes, Error>;

    #[api(post, "/desktops/<id>/reboot")]
    async fn reboot(&self, id: &str) -> Result<(), Error>;

    #[api(post, "/desktops/<id>/tags", idempotent)]
    async fn tag(&self, id: &str) -> Result<(), Error>;
}

impl Desktops for Client {}

/// Retries with waits of a few milliseconds, so that retrying tests stay fast.
fn quick_retries() -> RetryPolicy {
    RetryPolicy::new().backoff(Duration::from_millis(5), Duration::from_millis(20))
}

fn builder(base: String) -> ClientBuilder {
    Client::builder(base).retry_policy(quick_retries())
}

/// Runs a call on a task of its own: a panic anywhere in the client fails the join, and so the
/// test, with a message saying so.
async fn run<T: Send + 'static>(
    call: impl Future<Output = Result<T, Error>> + Send + 'static,
) -> Result<T, Error> {
    tokio::spawn(call).await.expect("the call panicked")
}

/// The kind of a transport error; panics on any other error.
fn transport_kind(error: &Error) -> TransportErrorKind {
    error
        .transport()
        .unwrap_or_else(|| panic!("expected a transport error, got {error:?}"))
        .kind()
}

// -------------------------------------------------------------------------------------------
// A raw server for answers that are not valid HTTP, or not whole.

/// What the raw server does once it has read a request's head.
#[derive(Debug, Clone, Copy)]
enum Misbehaviour {
    /// Resets the connection without answering.
    ResetBeforeHead,
    /// Sends a head promising 1000 bytes, then 10 of them, then resets the connection.
    ResetMidBody,
    /// Sends a head promising 1000 bytes, then 10 of them, then closes the connection cleanly.
    Truncate,
    /// Keeps the connection open and never answers.
    Silent,
    /// Sends a head promising 100 bytes, then one byte every 50 ms.
    Trickle,
    /// A 200 with a chunked body of this many bytes and no `Content-Length`.
    Chunked(usize),
    /// A 500 with a chunked body that never ends.
    EndlessFailure,
}

/// A TCP server that reads each request's head and then misbehaves.
struct RawServer {
    addr: SocketAddr,
    requests: Arc<AtomicUsize>,
}

impl RawServer {
    async fn start(misbehaviour: Misbehaviour) -> RawServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let requests = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&requests);
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(misbehave(stream, misbehaviour, Arc::clone(&counter)));
            }
        });
        RawServer { addr, requests }
    }

    fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// How many request heads arrived.
    fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }
}

async fn misbehave(mut stream: TcpStream, misbehaviour: Misbehaviour, requests: Arc<AtomicUsize>) {
    let mut head = Vec::new();
    let mut buffer = [0; 1024];
    while !head.windows(4).any(|window| window == b"\r\n\r\n") {
        match stream.read(&mut buffer).await {
            Ok(0) | Err(_) => return,
            Ok(read) => head.extend_from_slice(&buffer[..read]),
        }
    }
    requests.fetch_add(1, Ordering::SeqCst);
    // Write errors are ignored: a client that gave up has closed its end, as it should.
    let promising = b"HTTP/1.1 200 OK\r\ncontent-length: 1000\r\n\r\n0123456789";
    match misbehaviour {
        Misbehaviour::ResetBeforeHead => reset(stream),
        Misbehaviour::ResetMidBody => {
            let _ = stream.write_all(promising).await;
            let _ = stream.flush().await;
            tokio::time::sleep(Duration::from_millis(20)).await;
            reset(stream);
        }
        Misbehaviour::Truncate => {
            let _ = stream.write_all(promising).await;
            let _ = stream.shutdown().await;
        }
        Misbehaviour::Silent => {
            tokio::time::sleep(Duration::from_secs(30)).await;
        }
        Misbehaviour::Trickle => {
            let _ = stream
                .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n")
                .await;
            for _ in 0..100 {
                if stream.write_all(b"x").await.is_err() {
                    return;
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }
        Misbehaviour::Chunked(size) => {
            let mut answer = b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n".to_vec();
            for start in (0..size).step_by(512) {
                let length = (size - start).min(512);
                answer.extend_from_slice(format!("{length:x}\r\n").as_bytes());
                answer.extend(std::iter::repeat_n(b'x', length));
                answer.extend_from_slice(b"\r\n");
            }
            answer.extend_from_slice(b"0\r\n\r\n");
            let _ = stream.write_all(&answer).await;
        }
        Misbehaviour::EndlessFailure => {
            let head = "HTTP/1.1 500 Internal Server Error\r\ntransfer-encoding: chunked\r\n\
                        x-request-id: req-endless\r\n\r\n";
            let _ = stream.write_all(head.as_bytes()).await;
            let chunk = [&b"2000\r\n"[..], &[b'e'; 0x2000], b"\r\n"].concat();
            while stream.write_all(&chunk).await.is_ok() {}
        }
    }
}

/// Closes the connection with a reset rather than a clean close.
fn reset(stream: TcpStream) {
    stream.set_zero_linger().unwrap();
    drop(stream);
}

// -------------------------------------------------------------------------------------------
// Connections that fail or break.

#[tokio::test]
async fn a_refused_connection_is_retried_then_reported() {
    // A port that was just free: nothing listens there.
    let closed = TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap()
        .local_addr()
        .unwrap();
    let client = builder(format!("http://{closed}")).build().unwrap();
    let error = run(async move { client.show("d1").await })
        .await
        .unwrap_err();
    assert_eq!(transport_kind(&error), TransportErrorKind::Connect);
    // Nothing was sent, so even the default policy tries again, up to its 3 attempts.
    assert_eq!(error.attempts(), 3, "{error:?}");
    assert!(error.to_string().ends_with("(after 3 attempts)"), "{error}");

    let client = builder(format!("http://{closed}"))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let error = run(async move { client.show("d1").await })
        .await
        .unwrap_err();
    assert_eq!(transport_kind(&error), TransportErrorKind::Connect);
    assert_eq!(error.attempts(), 1);
}

#[tokio::test]
async fn a_reset_before_the_response_head_is_not_retried() {
    let server = RawServer::start(Misbehaviour::ResetBeforeHead).await;
    let client = builder(server.base_url()).build().unwrap();
    let error = run(async move { client.show("d1").await })
        .await
        .unwrap_err();
    // The request was sent and may have been acted on: not retried, even for a GET.
    assert_eq!(transport_kind(&error), TransportErrorKind::Other);
    assert_eq!((server.requests(), error.attempts()), (1, 1));
}

#[tokio::test]
async fn a_reset_in_the_middle_of_the_body_is_a_transport_error() {
    let server = RawServer::start(Misbehaviour::ResetMidBody).await;
    let client = builder(server.base_url()).build().unwrap();
    let error = run(async move { client.show("d1").await })
        .await
        .unwrap_err();
    assert_eq!(transport_kind(&error), TransportErrorKind::Other);
    assert!(error.status().is_none());
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn a_body_shorter_than_its_content_length_is_a_transport_error() {
    let server = RawServer::start(Misbehaviour::Truncate).await;
    let client = builder(server.base_url()).build().unwrap();
    let error = run(async move { client.show("d1").await })
        .await
        .unwrap_err();
    assert_eq!(transport_kind(&error), TransportErrorKind::Other);
    assert_eq!(server.requests(), 1);
}

// -------------------------------------------------------------------------------------------
// Timeouts: the client's, and a method's own, which wins.

#[tokio::test]
async fn a_silent_server_times_out_at_the_methods_timeout() {
    let server = RawServer::start(Misbehaviour::Silent).await;
    let client = builder(server.base_url())
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    let started = Instant::now();
    let error = run(async move { client.show_quickly("d1").await })
        .await
        .unwrap_err();
    assert_eq!(transport_kind(&error), TransportErrorKind::Timeout);
    assert!(error.is_timeout());
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    // A timeout is not retried: the request may be under way.
    assert_eq!((server.requests(), error.attempts()), (1, 1));
}

#[tokio::test]
async fn a_trickling_body_times_out() {
    let server = RawServer::start(Misbehaviour::Trickle).await;
    let client = builder(server.base_url()).build().unwrap();
    let started = Instant::now();
    let error = run(async move { client.show_quickly("d1").await })
        .await
        .unwrap_err();
    assert_eq!(transport_kind(&error), TransportErrorKind::Timeout);
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn a_methods_timeout_replaces_the_clients_either_way() {
    let server = Server::replying(Reply::status(200).after(Duration::from_millis(400))).await;

    // Longer than the client's: the call waits for the slow answer.
    let client = builder(server.base_url())
        .timeout(Duration::from_millis(100))
        .build()
        .unwrap();
    let patient = client.clone();
    run(async move { patient.show_patiently("d1").await })
        .await
        .unwrap();
    // Without one of its own, a method has the client's.
    let error = run(async move { client.show("d1").await })
        .await
        .unwrap_err();
    assert_eq!(transport_kind(&error), TransportErrorKind::Timeout);

    // Shorter than the client's: the call gives up early.
    let client = builder(server.base_url())
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    let started = Instant::now();
    let error = run(async move { client.show_quickly("d1").await })
        .await
        .unwrap_err();
    assert_eq!(transport_kind(&error), TransportErrorKind::Timeout);
    assert!(
        started.elapsed() < Duration::from_millis(390),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(server.received().len(), 3);
}

#[tokio::test]
async fn a_client_without_a_limit_waits_and_a_methods_limit_still_holds() {
    let server = Server::replying(Reply::status(200).after(Duration::from_millis(300))).await;
    let client = builder(server.base_url())
        .timeout(Duration::MAX)
        .build()
        .unwrap();
    let quick = client.clone();
    run(async move { client.show("d1").await }).await.unwrap();
    let error = run(async move { quick.show_quickly("d1").await })
        .await
        .unwrap_err();
    assert_eq!(transport_kind(&error), TransportErrorKind::Timeout);
    assert_eq!(server.received().len(), 2);
}

// -------------------------------------------------------------------------------------------
// Statuses worth retrying, and the ones that are not.

/// A server answering `first` and then 200 or 204 at `path`, for both GET and POST.
async fn flaky(path: &str, first: Reply) -> Server {
    let script = Script::new()
        .route(Method::GET, path, [first.clone(), Reply::status(200)])
        .route(Method::POST, path, [first, Reply::status(204)]);
    Server::start(script).await
}

#[tokio::test]
async fn a_503_is_retried_for_a_get() {
    let server = flaky("/desktops/d1", Reply::status(503)).await;
    let client = builder(server.base_url()).build().unwrap();
    run(async move { client.show("d1").await }).await.unwrap();
    assert_eq!(server.received().len(), 2);
}

#[tokio::test]
async fn a_503_is_not_retried_for_a_post() {
    let server = flaky("/desktops/d1/reboot", Reply::status(503).request_id("r-1")).await;
    let client = builder(server.base_url()).build().unwrap();
    let error = run(async move { client.reboot("d1").await })
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    assert_eq!((error.attempts(), error.request_id()), (1, Some("r-1")));
    assert_eq!(server.received().len(), 1);
}

#[tokio::test]
async fn a_503_is_retried_for_a_post_declared_idempotent_or_when_the_policy_says_so() {
    let server = flaky("/desktops/d1/tags", Reply::status(503)).await;
    let client = builder(server.base_url()).build().unwrap();
    run(async move { client.tag("d1").await }).await.unwrap();
    assert_eq!(server.received().len(), 2);

    let server = flaky("/desktops/d1/reboot", Reply::status(503)).await;
    let policy = quick_retries().retry_non_idempotent(true);
    let client = builder(server.base_url())
        .retry_policy(policy)
        .build()
        .unwrap();
    run(async move { client.reboot("d1").await }).await.unwrap();
    assert_eq!(server.received().len(), 2);
}

#[tokio::test]
async fn retry_after_in_seconds_is_honoured() {
    let server = flaky(
        "/desktops/d1",
        Reply::status(429).header("Retry-After", "1"),
    )
    .await;
    // A backoff far shorter than a second: only `Retry-After` explains a longer wait.
    let client = builder(server.base_url()).build().unwrap();
    let started = Instant::now();
    run(async move { client.show("d1").await }).await.unwrap();
    let waited = started.elapsed();
    assert!(waited >= Duration::from_secs(1), "{waited:?}");
    assert!(waited < Duration::from_secs(3), "{waited:?}");
    assert_eq!(server.received().len(), 2);
}

#[tokio::test]
async fn a_huge_retry_after_is_capped() {
    let server = flaky(
        "/desktops/d1",
        Reply::status(429).header("Retry-After", "86400"),
    )
    .await;
    let policy = quick_retries().max_retry_after(Duration::from_millis(150));
    let client = builder(server.base_url())
        .retry_policy(policy)
        .build()
        .unwrap();
    let started = Instant::now();
    run(async move { client.show("d1").await }).await.unwrap();
    let waited = started.elapsed();
    assert!(waited >= Duration::from_millis(150), "{waited:?}");
    assert!(waited < Duration::from_secs(2), "{waited:?}");
    assert_eq!(server.received().len(), 2);
}

#[tokio::test]
async fn no_retry_waits_past_the_policys_deadline() {
    let server = flaky(
        "/desktops/d1",
        Reply::status(503).header("Retry-After", "1"),
    )
    .await;
    let policy = quick_retries().deadline(Duration::from_millis(300));
    let client = builder(server.base_url())
        .retry_policy(policy)
        .build()
        .unwrap();
    let started = Instant::now();
    let error = run(async move { client.show("d1").await })
        .await
        .unwrap_err();
    // Waiting the second asked for would end past the deadline: the 503 is the answer.
    assert!(
        started.elapsed() < Duration::from_millis(900),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(error.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    assert_eq!((error.attempts(), server.received().len()), (1, 1));
}

/// Three different 500s at `/desktops/d1`, each with its own code and request id.
async fn failing_three_times() -> Server {
    let reply = |n: u32| {
        let body = json!({"error_code": format!("WKS.500{n}"), "error_msg": format!("try {n}")});
        Reply::json(500, body).request_id(&format!("req-{n}"))
    };
    let replies = [reply(1), reply(2), reply(3)];
    Server::start(Script::new().route(Method::GET, "/desktops/d1", replies)).await
}

#[tokio::test]
async fn a_500_is_not_retried_by_default() {
    let server = failing_three_times().await;
    let client = builder(server.base_url()).build().unwrap();
    let error = run(async move { client.show("d1").await })
        .await
        .unwrap_err();
    let service = error.service().expect("a service error");
    assert_eq!((service.error_code(), service.attempts()), ("WKS.5001", 1));
    assert_eq!(server.received().len(), 1);
}

#[tokio::test]
async fn a_retried_call_that_still_fails_returns_the_last_answer() {
    let server = failing_three_times().await;
    let policy = quick_retries()
        .max_attempts(3)
        .statuses([StatusCode::INTERNAL_SERVER_ERROR]);
    let client = builder(server.base_url())
        .retry_policy(policy)
        .build()
        .unwrap();
    let error = run(async move { client.show("d1").await })
        .await
        .unwrap_err();
    let service = error.service().expect("a service error");
    assert_eq!(service.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(
        (service.error_code(), service.error_msg()),
        ("WKS.5003", "try 3")
    );
    assert_eq!(service.request_id(), Some("req-3"));
    assert!(String::from_utf8_lossy(service.body()).contains("WKS.5003"));
    assert_eq!((service.attempts(), error.attempts()), (3, 3));
    assert!(error.to_string().contains("(after 3 attempts)"), "{error}");
    assert_eq!(server.received().len(), 3);
}

// -------------------------------------------------------------------------------------------
// Bodies too large to hold.

#[tokio::test]
async fn a_success_body_over_the_limit_is_refused_from_its_content_length() {
    let server = Server::replying(Reply::status(200).body(vec![b'x'; 4096])).await;
    let client = builder(server.base_url()).body_limit(1024).build().unwrap();
    let error = run(async move { client.show("d1").await })
        .await
        .unwrap_err();
    assert_eq!(transport_kind(&error), TransportErrorKind::BodyTooLarge);
    let shown = error.to_string();
    assert!(
        shown.contains("`ClientBuilder::body_limit`") && shown.contains("4096"),
        "{shown}"
    );
    assert_eq!((server.received().len(), error.attempts()), (1, 1));

    // A body of exactly the limit is read.
    let client = builder(server.base_url()).body_limit(4096).build().unwrap();
    let body = run(async move { client.show("d1").await }).await.unwrap();
    assert_eq!(body.len(), 4096);
}

#[tokio::test]
async fn a_success_body_over_the_limit_is_refused_while_reading() {
    let server = RawServer::start(Misbehaviour::Chunked(64 * 1024)).await;
    let client = builder(server.base_url()).body_limit(1024).build().unwrap();
    let error = run(async move { client.show("d1").await })
        .await
        .unwrap_err();
    assert_eq!(transport_kind(&error), TransportErrorKind::BodyTooLarge);
    assert_eq!(server.requests(), 1);

    let client = builder(server.base_url()).build().unwrap();
    let body = run(async move { client.show("d1").await }).await.unwrap();
    assert_eq!(body.len(), 64 * 1024);
}

#[tokio::test]
async fn an_endless_failure_body_is_cut() {
    let server = RawServer::start(Misbehaviour::EndlessFailure).await;
    let client = builder(server.base_url()).build().unwrap();
    let started = Instant::now();
    let error = run(async move { client.show_patiently("d1").await })
        .await
        .unwrap_err();
    // Answered long before the method's 2 s timeout: the client stopped reading.
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    let service = error.service().expect("a service error");
    assert_eq!(service.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(service.request_id(), Some("req-endless"));
    assert_eq!(service.body().len(), KEPT_BODY_LIMIT);
    assert_eq!(server.requests(), 1);
}
