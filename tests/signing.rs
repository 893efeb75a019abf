//! The signer against requests signed by the official Python SDK.
//!
//! `tests/vectors/signing.json` is written by `tools/gen_signing_vectors.py`, which signs each
//! case with `huaweicloudsdkcore`; run that script to add cases. This test only reads the file.

use std::collections::BTreeSet;
use std::time::{Duration, UNIX_EPOCH};

use http::{HeaderName, HeaderValue, Method, Request};
use restrait::auth::{AccessKey, Signer};
use serde::Deserialize;

const VECTORS: &str = include_str!("vectors/signing.json");

#[derive(Deserialize)]
struct Document {
    sdk: String,
    cases: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    name: String,
    access_key: String,
    secret_key: String,
    security_token: Option<String>,
    project_id: Option<String>,
    derived: Option<Scope>,
    time: u64,
    method: String,
    url: String,
    headers: Vec<(String, String)>,
    body_utf8: Option<String>,
    body_hex: Option<String>,
    expected: Expected,
}

#[derive(Deserialize)]
struct Scope {
    region: String,
    service: String,
}

#[derive(Deserialize)]
struct Expected {
    authorization: String,
    x_sdk_date: String,
    uri: String,
    headers: Vec<(String, String)>,
    canonical_request: String,
}

fn cases() -> Vec<Case> {
    let document: Document = serde_json::from_str(VECTORS).expect("the vectors are valid JSON");
    assert!(
        document.sdk.starts_with("huaweicloudsdkcore "),
        "{}",
        document.sdk
    );
    document.cases
}

impl Case {
    fn signer(&self) -> Signer {
        let mut key = AccessKey::new(&self.access_key, self.secret_key.as_str());
        if let Some(token) = &self.security_token {
            key = key.with_security_token(token.as_str());
        }
        let mut signer = Signer::new(key);
        if let Some(id) = &self.project_id {
            signer = signer.with_project_id(id);
        }
        if let Some(scope) = &self.derived {
            signer = signer.with_derived_key(&scope.region, &scope.service);
        }
        signer
    }

    fn request(&self) -> Request<Vec<u8>> {
        let body = match (&self.body_utf8, &self.body_hex) {
            (Some(text), _) => text.as_bytes().to_vec(),
            (None, Some(hex)) => hex::decode(hex).expect("body_hex is hex"),
            (None, None) => Vec::new(),
        };
        let mut request = Request::builder()
            .method(Method::from_bytes(self.method.as_bytes()).unwrap())
            .uri(&self.url)
            .body(body)
            .unwrap();
        for (name, value) in &self.headers {
            // Header names of any case: `HeaderName` lowercases them, as the signature does.
            request.headers_mut().append(
                HeaderName::from_bytes(name.as_bytes()).unwrap(),
                HeaderValue::from_bytes(value.as_bytes()).unwrap(),
            );
        }
        request
    }

    /// What differs from the SDK's result, if anything.
    fn mismatch(&self) -> Option<String> {
        let mut request = self.request();
        let at = UNIX_EPOCH + Duration::from_secs(self.time);
        if let Err(error) = self.signer().sign(&mut request, at) {
            return Some(format!("signing failed: {error}"));
        }
        let headers = request.headers();
        let authorization = headers.get("authorization").map(|v| v.to_str().unwrap());
        let mut problems = Vec::new();
        if authorization != Some(self.expected.authorization.as_str()) {
            problems.push(format!(
                "authorization\n   got: {authorization:?}\n  want: {}\n  the SDK's canonical \
                 request:\n{}",
                self.expected.authorization, self.expected.canonical_request
            ));
        }
        if headers["x-sdk-date"] != self.expected.x_sdk_date.as_str() {
            problems.push(format!("x-sdk-date {:?}", headers["x-sdk-date"]));
        }
        let uri = request.uri().path_and_query().map_or("", |pq| pq.as_str());
        if uri != self.expected.uri {
            problems.push(format!("uri\n   got: {uri}\n  want: {}", self.expected.uri));
        }
        let sent: BTreeSet<(String, String)> = headers
            .iter()
            .map(|(name, value)| {
                let value = String::from_utf8(value.as_bytes().to_vec()).unwrap();
                (name.as_str().to_owned(), value)
            })
            .collect();
        let wanted: BTreeSet<(String, String)> = self.expected.headers.iter().cloned().collect();
        if sent != wanted {
            problems.push(format!(
                "headers\n  only here: {:?}\n  only in the SDK: {:?}",
                sent.difference(&wanted).collect::<Vec<_>>(),
                wanted.difference(&sent).collect::<Vec<_>>()
            ));
        }
        (!problems.is_empty()).then(|| problems.join("\n"))
    }
}

#[test]
fn every_vector_signs_byte_for_byte_like_the_sdk() {
    let cases = cases();
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|case| {
            case.mismatch()
                .map(|problem| format!("{}: {problem}", case.name))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases differ from the SDK:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

#[test]
fn the_vectors_cover_what_the_issue_lists() {
    let cases = cases();
    assert!(cases.len() >= 40, "only {} cases", cases.len());
    let methods: BTreeSet<&str> = cases.iter().map(|case| case.method.as_str()).collect();
    for method in ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] {
        assert!(methods.contains(method), "no {method} case");
    }
    let has = |check: &dyn Fn(&Case) -> bool| cases.iter().any(check);
    assert!(has(&|c| c
        .body_utf8
        .as_deref()
        .is_some_and(|b| b.starts_with('{'))));
    assert!(has(&|c| c.body_hex.is_some()));
    assert!(has(&|c| c.body_utf8.as_deref() == Some("")));
    assert!(has(&|c| c.security_token.is_some()));
    assert!(has(&|c| c.derived.is_some()));
    assert!(has(&|c| c.url.contains("%2F")));
    assert!(has(&|c| c.url.contains("=&") || c.url.ends_with('=')));
    assert!(has(&|c| c
        .headers
        .iter()
        .any(|(n, _)| n.bytes().any(|b| b.is_ascii_uppercase()))));
    assert!(has(&|c| c.headers.iter().any(|(n, _)| n.starts_with("x-"))));
    assert!(has(&|c| c
        .expected
        .authorization
        .contains("x-sdk-content-sha256")));
}

#[test]
fn sign_parts_matches_sign() {
    for case in cases() {
        let mut whole = case.request();
        let (mut parts, body) = case.request().into_parts();
        let at = UNIX_EPOCH + Duration::from_secs(case.time);
        case.signer().sign(&mut whole, at).unwrap();
        case.signer().sign_parts(&mut parts, &body, at).unwrap();
        assert_eq!(whole.headers(), &parts.headers, "{}", case.name);
        assert_eq!(whole.uri(), &parts.uri, "{}", case.name);
    }
}
