//! AK/SK signing end to end: an `#[api]` trait called through `Client` against a gateway on
//! 127.0.0.1 that checks every signature it receives, and refuses a request changed after it
//! was signed.
//!
//! The gateway's check is written here from the rules of the signature (see
//! `tools/gen_signing_vectors.py` for where they come from), apart from the signer's code: it
//! recomputes the signature from the raw request line, headers and body as they arrived.

use std::collections::HashMap;
use std::fmt::{self, Write as _};
use std::io::{Read, Write as _};
use std::net::{SocketAddr, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::extract::{Request, State};
use axum::response::{IntoResponse, Response};
use hmac::{Hmac, KeyInit, Mac};
use http::{HeaderMap, StatusCode};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};
use restrait::auth::{AccessKey, Credentials, Signer};
use restrait::{Api, Client, Error, api};
use serde::Serialize;
use sha2::{Digest, Sha256};

const AK: &str = "HPUAL3KD6ZZ6CZ3W7UXQ";
const SK: &str = "sk-e2e-9f8e7d6c5b4a39281706f5e4d3c2b1a0";
const TEMP_AK: &str = "4ZBRP0RXUQ2HMBWQJIXW";
const TEMP_SK: &str = "temporary-sk-0a9b8c7d6e5f";
const TOKEN: &str = "security-token-gQpjbi1ub3J0aC00jA+YVcQXxSk/R1wq2XeD8g==";
const PROJECT: &str = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";

#[derive(Serialize)]
struct ResendEmail {
    email_type: &'static str,
}

trait Users: Api {
    #[api(post, "/v2/<project_id>/users/<user_id>/resend-email")]
    async fn resend_email(
        &self,
        project_id: &str,
        user_id: &str,
        #[body] body: &ResendEmail,
    ) -> Result<(), Error>;

    #[api(
        get,
        "/v2/<project_id>/users",
        client(project_id),
        header("X-Language", "en-us")
    )]
    async fn list_users(
        &self,
        #[query] name: Option<&str>,
        #[query("id")] ids: &[&str],
        #[query] limit: Option<u32>,
        #[header("X-Client-Token")] client_token: Option<&str>,
    ) -> Result<(), Error>;

    #[api(delete, "/v2/<project_id>/users/<user_id>", client(project_id))]
    async fn delete_user(&self, user_id: &str) -> Result<(), Error>;
}

impl Users for Client {}

// -------------------------------------------------------------------------------------------
// The gateway: checks each request's signature from the bytes it received.

/// The key pairs the gateway knows: secret key and, for temporary ones, the security token.
fn known_keys() -> HashMap<&'static str, (&'static str, Option<&'static str>)> {
    HashMap::from([(AK, (SK, None)), (TEMP_AK, (TEMP_SK, Some(TOKEN)))])
}

/// One request as the gateway saw it, and what it decided.
#[derive(Debug, Clone)]
struct Seen {
    target: String,
    headers: HeaderMap,
    verdict: Result<(), String>,
}

#[derive(Clone, Default)]
struct Gateway {
    seen: Arc<Mutex<Vec<Seen>>>,
    /// How many of the next requests get a 503 (with `Retry-After: 1`) whatever their
    /// signature, to make the client retry.
    unavailable: Arc<AtomicUsize>,
}

impl Gateway {
    /// Starts the gateway on a thread and runtime of its own, so that its events never mix
    /// with a test's.
    fn start() -> (Gateway, SocketAddr) {
        let gateway = Gateway::default();
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        listener.set_nonblocking(true).unwrap();
        let state = gateway.clone();
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build();
            runtime.unwrap().block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).unwrap();
                let app = Router::new().fallback(gateway_handler).with_state(state);
                axum::serve(listener, app).await.unwrap();
            });
        });
        (gateway, addr)
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

async fn gateway_handler(State(gateway): State<Gateway>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let body = axum::body::to_bytes(body, 1 << 20).await.unwrap();
    let target = parts
        .uri
        .path_and_query()
        .map_or("", |pq| pq.as_str())
        .to_owned();
    let unavailable = gateway
        .unavailable
        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
        .is_ok();
    let verdict = check(
        parts.method.as_str(),
        &target,
        &parts.headers,
        &body,
        SystemTime::now(),
    );
    gateway.seen.lock().unwrap().push(Seen {
        target,
        headers: parts.headers.clone(),
        verdict: verdict.clone(),
    });
    if unavailable {
        return (StatusCode::SERVICE_UNAVAILABLE, [("retry-after", "1")]).into_response();
    }
    match verdict {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(reason) => {
            let body = serde_json::json!({
                "error_code": "APIGW.0301",
                "error_msg": format!("Incorrect IAM authentication information: {reason}"),
            });
            (StatusCode::UNAUTHORIZED, axum::Json(body)).into_response()
        }
    }
}

/// RFC 3986 unreserved characters stay; everything else is escaped.
const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

fn encode(text: &str) -> String {
    utf8_percent_encode(text, UNRESERVED).to_string()
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

fn hmac_sha256(key: &[u8], message: &[u8]) -> Vec<u8> {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key).unwrap();
    mac.update(message);
    mac.finalize().into_bytes().to_vec()
}

/// Seconds since 1970 of a `YYYYMMDDTHHMMSSZ` time.
fn parse_basic_date(text: &str) -> Option<i64> {
    let bytes = text.as_bytes();
    if bytes.len() != 16 || bytes[8] != b'T' || bytes[15] != b'Z' {
        return None;
    }
    let number = |range: std::ops::Range<usize>| text.get(range)?.parse::<i64>().ok();
    let (y, m, d) = (number(0..4)?, number(4..6)?, number(6..8)?);
    let (hh, mm, ss) = (number(9..11)?, number(11..13)?, number(13..15)?);
    // Days from the civil date (proleptic Gregorian), counted from 1970-01-01.
    let (y, m) = if m <= 2 { (y - 1, m + 9) } else { (y, m - 3) };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * m + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(days * 86_400 + hh * 3600 + mm * 60 + ss)
}

/// Checks the signature of a request as received: `target` is the raw request target.
fn check(
    method: &str,
    target: &str,
    headers: &HeaderMap,
    body: &[u8],
    now: SystemTime,
) -> Result<(), String> {
    let text = |name: &str| -> Result<&str, String> {
        let value = headers.get(name).ok_or(format!("no {name}"))?;
        value.to_str().map_err(|_| format!("{name} is not text"))
    };
    let authorization = text("authorization")?;
    let (algorithm, fields) = authorization.split_once(' ').ok_or("no algorithm")?;
    let fields: HashMap<&str, &str> = fields
        .split(", ")
        .filter_map(|field| field.split_once('='))
        .collect();
    let field = |name: &str| fields.get(name).copied().ok_or(format!("no {name}"));
    let (access, scope) = match algorithm {
        "SDK-HMAC-SHA256" => (field("Access")?, None),
        "V11-HMAC-SHA256" => {
            let (access, scope) = field("Credential")?
                .split_once('/')
                .ok_or("bad credential")?;
            (access, Some(scope))
        }
        other => return Err(format!("unknown algorithm {other}")),
    };
    let (secret, token) = *known_keys().get(access).ok_or("unknown access key")?;
    let signed: Vec<&str> = field("SignedHeaders")?.split(';').collect();

    for required in ["host", "x-sdk-date"] {
        if !signed.contains(&required) {
            return Err(format!("{required} is not signed"));
        }
    }
    if let Some(token) = token {
        if text("x-security-token")? != token || !signed.contains(&"x-security-token") {
            return Err("the security token is missing, wrong or unsigned".into());
        }
    }
    let date = text("x-sdk-date")?;
    let at = parse_basic_date(date).ok_or("bad x-sdk-date")?;
    let now = now.duration_since(UNIX_EPOCH).unwrap().as_secs() as i64;
    if (now - at).abs() > 15 * 60 {
        return Err("the signature has expired".into());
    }
    if let Some(scope) = scope {
        if scope.split('/').next() != date.get(..8) {
            return Err("the scope is not of the signing day".into());
        }
    }

    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let decoded = percent_decode_str(path).decode_utf8_lossy();
    let mut uri = decoded.split('/').map(encode).collect::<Vec<_>>().join("/");
    if !uri.ends_with('/') {
        uri.push('/');
    }
    let mut pairs: Vec<(String, String)> = query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let decode = |s: &str| percent_decode_str(s).decode_utf8_lossy().into_owned();
            (decode(name), decode(value))
        })
        .collect();
    pairs.sort();
    let query: Vec<String> = pairs
        .iter()
        .map(|(n, v)| format!("{}={}", encode(n), encode(v)))
        .collect();

    let mut canonical_headers = String::new();
    for name in &signed {
        let mut values: Vec<&[u8]> = headers
            .get_all(*name)
            .iter()
            .map(|v| v.as_bytes())
            .collect();
        if values.is_empty() {
            return Err(format!("the signed header {name} is missing"));
        }
        values.sort();
        for value in values {
            let value = String::from_utf8_lossy(value);
            writeln!(canonical_headers, "{name}:{}", value.trim()).unwrap();
        }
    }
    let payload = if body.is_empty() {
        sha256_hex(b"")
    } else if let Some(declared) = headers.get("x-sdk-content-sha256") {
        declared.to_str().unwrap_or_default().trim().to_owned()
    } else {
        sha256_hex(body)
    };
    let canonical = format!(
        "{method}\n{uri}\n{}\n{canonical_headers}\n{}\n{payload}",
        query.join("&"),
        signed.join(";")
    );

    let hashed = sha256_hex(canonical.as_bytes());
    let (string_to_sign, key) = match scope {
        None => (
            format!("{algorithm}\n{date}\n{hashed}"),
            secret.as_bytes().to_vec(),
        ),
        Some(scope) => {
            // HKDF-SHA256 of one block: salt the access key, input the secret key.
            let prk = hmac_sha256(access.as_bytes(), secret.as_bytes());
            let okm = hmac_sha256(&prk, &[scope.as_bytes(), &[1]].concat());
            (
                format!("{algorithm}\n{date}\n{scope}\n{hashed}"),
                hex::encode(okm).into_bytes(),
            )
        }
    };
    let expected = hex::encode(hmac_sha256(&key, string_to_sign.as_bytes()));
    if field("Signature")? != expected {
        return Err("the signature does not match".into());
    }
    Ok(())
}

// -------------------------------------------------------------------------------------------
// Calls through `Client`.

fn client(addr: SocketAddr, credentials: impl Into<Credentials>) -> Client {
    Client::builder(format!("http://{addr}"))
        .credentials(credentials)
        .project_id(PROJECT)
        .build()
        .unwrap()
}

fn assert_all_accepted(gateway: &Gateway, count: usize) -> Vec<Seen> {
    let seen = gateway.seen();
    assert_eq!(seen.len(), count, "{seen:#?}");
    for request in &seen {
        assert_eq!(request.verdict, Ok(()), "refused: {request:#?}");
    }
    seen
}

#[tokio::test]
async fn calls_signed_with_an_access_key_are_accepted() {
    let (gateway, addr) = Gateway::start();
    let client = client(addr, AccessKey::new(AK, SK));
    let body = ResendEmail {
        email_type: "ACTIVATE_ACCOUNT",
    };
    client.resend_email(PROJECT, "u-1", &body).await.unwrap();
    client
        .resend_email(PROJECT, "a/b c?d#e%f", &body)
        .await
        .unwrap();
    client
        .list_users(
            Some("Zoë 日本"),
            &["c", "a", "b"],
            Some(10),
            Some("client-token-1"),
        )
        .await
        .unwrap();
    client.list_users(None, &[], None, None).await.unwrap();
    client.delete_user("u-1").await.unwrap();

    let seen = assert_all_accepted(&gateway, 5);
    for request in &seen {
        assert_eq!(request.headers["x-project-id"], PROJECT);
        let authorization = request.headers["authorization"].to_str().unwrap();
        assert!(authorization.starts_with("SDK-HMAC-SHA256 Access=HPUAL3KD6ZZ6CZ3W7UXQ, "));
        assert!(authorization.contains("x-project-id"), "{authorization}");
    }
    // The query goes out in canonical order, as the official SDK sends it.
    assert_eq!(
        seen[2].target,
        format!("/v2/{PROJECT}/users?id=a&id=b&id=c&limit=10&name=Zo%C3%AB%20%E6%97%A5%E6%9C%AC")
    );
    assert_eq!(seen[2].headers["x-client-token"], "client-token-1");
}

#[tokio::test]
async fn temporary_credentials_send_a_signed_security_token() {
    let (gateway, addr) = Gateway::start();
    let key = AccessKey::new(TEMP_AK, TEMP_SK).with_security_token(TOKEN);
    let client = client(addr, key);
    client.list_users(Some("x"), &[], None, None).await.unwrap();
    let seen = assert_all_accepted(&gateway, 1);
    assert_eq!(seen[0].headers["x-security-token"], TOKEN);
}

#[tokio::test]
async fn derived_keys_sign_with_v11() {
    let (gateway, addr) = Gateway::start();
    let client = Client::builder(format!("http://{addr}"))
        .access_key(AK, SK)
        .derived_key("ap-southeast-1", "workspace")
        .project_id(PROJECT)
        .build()
        .unwrap();
    client.delete_user("u-9").await.unwrap();
    let seen = assert_all_accepted(&gateway, 1);
    let authorization = seen[0].headers["authorization"].to_str().unwrap();
    assert!(authorization.starts_with("V11-HMAC-SHA256 Credential=HPUAL3KD6ZZ6CZ3W7UXQ/"));
    assert!(
        authorization.contains("/ap-southeast-1/workspace, "),
        "{authorization}"
    );
}

#[tokio::test]
async fn a_wrong_secret_key_is_refused() {
    let (gateway, addr) = Gateway::start();
    let client = client(addr, AccessKey::new(AK, "not-the-secret-key"));
    let error = client.delete_user("u-1").await.unwrap_err();
    assert!(error.is_unauthorized(), "{error}");
    assert_eq!(
        gateway.seen()[0].verdict,
        Err("the signature does not match".into())
    );
}

#[tokio::test]
async fn every_attempt_is_signed_afresh() {
    let (gateway, addr) = Gateway::start();
    gateway.unavailable.store(1, Ordering::SeqCst);
    // The client's own retry, after the second the 503's `Retry-After` asks for, so that the
    // second attempt has a later `X-Sdk-Date`; the gateway checks both signatures.
    client(addr, AccessKey::new(AK, SK))
        .delete_user("u-1")
        .await
        .unwrap();
    let seen = assert_all_accepted(&gateway, 2);
    let date = |i: usize| seen[i].headers["x-sdk-date"].clone();
    assert!(date(0) < date(1), "{:?} then {:?}", date(0), date(1));
    assert_ne!(
        seen[0].headers["authorization"],
        seen[1].headers["authorization"]
    );
}

// -------------------------------------------------------------------------------------------
// Requests changed after signing, sent byte by byte.

/// Sends `head` (request line and headers, without the blank line) and `body` over a fresh
/// connection and returns the status.
fn exchange(addr: SocketAddr, head: &str, body: &[u8]) -> u16 {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut message = format!(
        "{head}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    message.extend_from_slice(body);
    stream.write_all(&message).unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let response = String::from_utf8_lossy(&response);
    response
        .split(' ')
        .nth(1)
        .and_then(|status| status.parse().ok())
        .unwrap_or(0)
}

/// The request line and headers of `request`, as they would be sent.
fn head(request: &http::Request<Vec<u8>>) -> String {
    let target = request.uri().path_and_query().unwrap().as_str();
    let mut head = format!("{} {target} HTTP/1.1", request.method());
    for (name, value) in request.headers() {
        write!(head, "\r\n{name}: {}", value.to_str().unwrap()).unwrap();
    }
    head
}

fn signed_request(addr: SocketAddr) -> http::Request<Vec<u8>> {
    let mut request = http::Request::post(format!(
        "http://{addr}/v2/{PROJECT}/users/u-1/resend-email?lang=en&b=2"
    ))
    .header("content-type", "application/json")
    .header("x-language", "en-us")
    .body(br#"{"email_type":"ACTIVATE_ACCOUNT"}"#.to_vec())
    .unwrap();
    let signer = Signer::new(AccessKey::new(AK, SK)).with_project_id(PROJECT);
    signer.sign(&mut request, SystemTime::now()).unwrap();
    request
}

#[test]
fn a_request_changed_after_signing_is_refused() {
    let (gateway, addr) = Gateway::start();
    let request = signed_request(addr);
    let head = head(&request);
    let body = request.body().clone();

    assert_eq!(exchange(addr, &head, &body), 204, "the unchanged request");

    let mut changed_body = body.clone();
    changed_body[16] ^= 1;
    assert_eq!(exchange(addr, &head, &changed_body), 401, "a changed body");

    let changed_path = head.replacen("/users/u-1/", "/users/u-2/", 1);
    assert_eq!(exchange(addr, &changed_path, &body), 401, "a changed path");

    let changed_query = head.replacen("lang=en", "lang=fr", 1);
    assert_eq!(
        exchange(addr, &changed_query, &body),
        401,
        "a changed query"
    );

    let changed_header = head.replacen("x-language: en-us", "x-language: zh-cn", 1);
    assert_ne!(changed_header, head);
    assert_eq!(
        exchange(addr, &changed_header, &body),
        401,
        "a changed header"
    );

    let changed_method = head.replacen("POST ", "PUT ", 1);
    assert_eq!(
        exchange(addr, &changed_method, &body),
        401,
        "a changed method"
    );

    let verdicts: Vec<_> = gateway
        .seen()
        .into_iter()
        .map(|seen| seen.verdict)
        .collect();
    assert_eq!(verdicts[0], Ok(()));
    assert!(
        verdicts[1..]
            .iter()
            .all(|v| v.as_ref().is_err_and(|e| e.contains("match")))
    );
}

#[test]
fn an_old_signature_is_refused() {
    let (_, addr) = Gateway::start();
    let mut request = signed_request(addr);
    let signer = Signer::new(AccessKey::new(AK, SK)).with_project_id(PROJECT);
    let twenty_minutes_ago = SystemTime::now() - Duration::from_secs(20 * 60);
    signer.sign(&mut request, twenty_minutes_ago).unwrap();
    assert_eq!(exchange(addr, &head(&request), request.body()), 401);
}

// -------------------------------------------------------------------------------------------
// Secrets stay out of logs, errors and `Debug`.

/// Records every event and span field of every crate, one line each. Written out because a
/// test needs only this.
#[derive(Clone, Default)]
struct Recorder {
    lines: Arc<Mutex<Vec<String>>>,
}

struct Fields<'a>(&'a mut String);

impl tracing::field::Visit for Fields<'_> {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn fmt::Debug) {
        let _ = write!(self.0, "{}={value:?} ", field.name());
    }
}

impl tracing::Subscriber for Recorder {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        let mut line = format!("span {} ", span.metadata().name());
        span.record(&mut Fields(&mut line));
        self.lines.lock().unwrap().push(line);
        tracing::span::Id::from_u64(1)
    }
    fn record(&self, _: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        let mut line = String::from("record ");
        values.record(&mut Fields(&mut line));
        self.lines.lock().unwrap().push(line);
    }
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        let mut line = format!(
            "{} {} ",
            event.metadata().level(),
            event.metadata().target()
        );
        event.record(&mut Fields(&mut line));
        self.lines.lock().unwrap().push(line);
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

/// Every way an error can be shown: `Display`, `Debug`, pretty `Debug` and its sources.
fn every_rendering(error: &(dyn std::error::Error + 'static)) -> String {
    let mut out = format!("{error}\n{error:?}\n{error:#?}\n");
    let mut source = error.source();
    while let Some(cause) = source {
        write!(out, "{cause}\n{cause:?}\n").unwrap();
        source = cause.source();
    }
    out
}

#[tokio::test]
async fn secrets_never_reach_logs_errors_or_debug() {
    const SECRETS: [&str; 4] = [
        "sk-e2e-9f8e7d6c5b4a",
        "temporary-sk-0a9b",
        "security-token-gQ",
        "iam-token-5e6f7a",
    ];
    // Global rather than scoped: a scoped subscriber misses events whose interest another
    // thread cached meanwhile. The other tests' events are recorded too, and checked alike.
    let recorder = Recorder::default();
    tracing::subscriber::set_global_default(recorder.clone()).unwrap();
    let (_, addr) = Gateway::start();
    let mut shown = String::new();

    // Accepted and refused calls, with each kind of credentials.
    let temporary = AccessKey::new(TEMP_AK, TEMP_SK).with_security_token(TOKEN);
    let clients = [
        client(addr, AccessKey::new(AK, SK)),
        client(addr, temporary.clone()),
        client(addr, AccessKey::new(AK, "wrong-sk")),
        client(
            addr,
            AccessKey::new(TEMP_AK, TEMP_SK).with_security_token("security-token-gQ-wrong"),
        ),
        client(addr, Credentials::Token("iam-token-5e6f7a".into())),
    ];
    for client in &clients {
        write!(shown, "{client:?}\n{client:#?}\n").unwrap();
        if let Err(error) = client.delete_user("u-1").await {
            shown += &every_rendering(&error);
        }
    }

    // A service that cannot be reached.
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let error = client(closed, temporary.clone())
        .delete_user("u-1")
        .await
        .unwrap_err();
    shown += &every_rendering(&error);

    // Credentials that cannot be used.
    let unusable: [Credentials; 4] = [
        AccessKey::new(AK, SK)
            .with_security_token("security-token-gQ\n")
            .into(),
        AccessKey::new(AK, "").into(),
        AccessKey::new("", SK).into(),
        Credentials::Token("iam-token-5e6f7a\r\n".into()),
    ];
    for credentials in unusable {
        let builder = Client::builder(format!("http://{addr}")).credentials(credentials);
        writeln!(shown, "{builder:?}").unwrap();
        let error = builder.build().unwrap_err();
        shown += &every_rendering(&error);
    }
    let signer = Signer::new(temporary);
    let mut request = http::Request::get("/no/host").body(Vec::new()).unwrap();
    let error = signer.sign(&mut request, SystemTime::now()).unwrap_err();
    shown += &every_rendering(&error);
    write!(shown, "{signer:?}\n{request:?}\n").unwrap();

    let lines = recorder.lines.lock().unwrap().join("\n");
    assert!(lines.contains("signed request"), "the signer logs: {lines}");
    for secret in SECRETS {
        assert!(!lines.contains(secret), "{secret} logged:\n{lines}");
        assert!(!shown.contains(secret), "{secret} shown:\n{shown}");
    }
}
