//! `restrait::testing`: what `MockApi` records of requests made through real `#[api]` traits,
//! and how its scripted replies come back through the shared decoder.

use http::{HeaderMap, StatusCode};
use restrait::testing::{MockApi, respond};
use restrait::{Api, Bytes, Error, RawResponse, Response, TransportError, TransportErrorKind, api};
use serde::{Deserialize, Serialize};
use serde_json::json;

#[derive(Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
enum State {
    Active,
    Locked,
}

#[derive(Serialize)]
struct ResendEmail<'a> {
    template_id: Option<&'a str>,
    locale: &'a str,
}

#[derive(Deserialize, Debug, PartialEq)]
struct User {
    id: String,
    name: String,
}

trait Users: Api {
    #[api(
        post,
        "/v2/<project_id>/users/<user_id>/resend-email",
        client(project_id),
        header("X-Language", "en-us")
    )]
    async fn resend_email(
        &self,
        user_id: &str,
        #[query] dry_run: bool,
        #[query("state")] states: &[State],
        #[query] limit: Option<u32>,
        #[header("X-Client-Token")] client_token: Option<&str>,
        #[body] body: &ResendEmail<'_>,
    ) -> Result<(), Error>;

    #[api(get, "/v2/<project_id>/users/<user_id>", client(project_id))]
    async fn show_user(&self, user_id: &str) -> Result<User, Error>;

    #[api(get, "/v2/<project_id>/users/<user_id>", client(project_id))]
    async fn show_user_response(&self, user_id: &str) -> Result<Response<User>, Error>;

    #[api(get, "/v2/<project_id>/users/<user_id>/avatar", client(project_id))]
    async fn avatar(&self, user_id: &str) -> Result<Bytes, Error>;
}

impl Users for MockApi {}

const PROJECT_ID: &str = "0a1b2c3d4e5f";

fn mock() -> MockApi {
    MockApi::new().project_id(PROJECT_ID)
}

fn resend_body() -> ResendEmail<'static> {
    ResendEmail {
        template_id: None,
        locale: "zh-cn",
    }
}

// What is recorded: everything the request builder produced, exactly.

#[tokio::test]
async fn a_request_is_recorded_exactly_as_built() {
    let mock = mock();
    mock.reply(respond(200));
    mock.resend_email(
        "user 1/ä",
        true,
        &[State::Active, State::Locked],
        None,
        Some("tok-9"),
        &resend_body(),
    )
    .await
    .expect("a scripted 200");

    let requests = mock.requests();
    assert_eq!(requests.len(), 1);
    let sent = mock.last_request().expect("one request");
    assert_eq!(sent.operation_name(), "resend_email");
    assert_eq!(
        sent.path_template(),
        "/v2/<project_id>/users/<user_id>/resend-email"
    );
    assert_eq!(sent.method(), http::Method::POST);
    assert_eq!(
        sent.path(),
        "/v2/0a1b2c3d4e5f/users/user%201%2F%C3%A4/resend-email"
    );
    assert_eq!(sent.query(), Some("dry_run=true&state=ACTIVE&state=LOCKED"));
    assert_eq!(
        sent.query_pairs(),
        [
            ("dry_run".to_owned(), "true".to_owned()),
            ("state".to_owned(), "ACTIVE".to_owned()),
            ("state".to_owned(), "LOCKED".to_owned()),
        ]
    );
    let headers: Vec<(&str, &str)> = sent
        .headers()
        .iter()
        .map(|(name, value)| (name.as_str(), value.to_str().unwrap()))
        .collect();
    assert_eq!(
        headers,
        [
            ("x-language", "en-us"),
            ("x-client-token", "tok-9"),
            ("content-type", "application/json"),
        ]
    );
    assert_eq!(sent.header("X-Client-Token"), Some("tok-9"));
    assert_eq!(
        sent.body().map(Bytes::as_ref),
        Some(&br#"{"template_id":null,"locale":"zh-cn"}"#[..])
    );
    assert_eq!(
        sent.json_body::<serde_json::Value>(),
        json!({"template_id": null, "locale": "zh-cn"})
    );
    assert!(!sent.request().is_idempotent());
    assert_eq!(mock.pending_replies(), 0);
}

#[tokio::test]
async fn query_pairs_are_decoded_and_absent_without_a_query() {
    let mock = mock();
    mock.reply(respond(204)).reply(respond(204));
    let body = resend_body();
    mock.resend_email("u1", false, &[], Some(20), None, &body)
        .await
        .unwrap();
    mock.show_user("u1").await.unwrap_err();
    let [with_query, without] = <[_; 2]>::try_from(mock.requests()).unwrap();
    assert_eq!(
        with_query.query_pairs(),
        [
            ("dry_run".to_owned(), "false".to_owned()),
            ("limit".to_owned(), "20".to_owned()),
        ]
    );
    assert_eq!(with_query.header("X-Client-Token"), None);
    assert_eq!(without.query(), None);
    assert!(without.query_pairs().is_empty());
    assert!(without.body().is_none());
}

#[tokio::test]
async fn a_missing_client_value_fails_before_anything_is_recorded() {
    let mock = MockApi::new();
    mock.reply(respond(200));
    let error = mock.show_user("u1").await.unwrap_err();
    assert!(matches!(error, Error::Build(_)), "{error:?}");
    assert!(mock.requests().is_empty());
    assert_eq!(mock.pending_replies(), 1);
}

// What comes back: scripted replies decoded as a live service's would be.

#[tokio::test]
async fn a_scripted_error_body_becomes_error_status() {
    let mock = mock();
    mock.reply(
        respond(403)
            .json(&json!({
                "error": {
                    "code": "WKS.0403",
                    "message": "The user is not allowed to do that.",
                    "encoded_authorization_message": "enc-1",
                }
            }))
            .request_id("req-403"),
    );
    let error = mock.show_user("u1").await.expect_err("a 403");
    let Error::Status(service) = &error else {
        panic!("expected Error::Status, got {error:?}");
    };
    assert_eq!(service.status(), StatusCode::FORBIDDEN);
    assert_eq!(service.error_code(), "WKS.0403");
    assert_eq!(service.error_msg(), "The user is not allowed to do that.");
    assert_eq!(service.encoded_authorization_message(), Some("enc-1"));
    assert_eq!(service.request_id(), Some("req-403"));
    assert_eq!(service.content_type(), Some("application/json"));
    assert!(error.is_forbidden());
    assert_eq!(error.request_id(), Some("req-403"));
}

#[tokio::test]
async fn a_non_json_error_body_is_the_message() {
    let mock = mock();
    mock.reply(respond(502).body("<html>Bad Gateway</html>"));
    let error = mock.show_user("u1").await.unwrap_err();
    let service = error.service().expect("a service error");
    assert_eq!(
        (service.error_code(), service.error_msg()),
        ("502", "<html>Bad Gateway</html>")
    );
    assert_eq!(service.request_id(), None);
}

#[tokio::test]
async fn success_bodies_decode_into_every_shape() {
    let mock = mock();
    let user = json!({"id": "u1", "name": "Ada"});
    mock.reply(respond(200).json(&user))
        .reply(respond(200).json(&user).request_id("req-2"))
        .reply(respond(200).body(&b"\x89PNG"[..]))
        .reply(RawResponse::new(
            StatusCode::OK,
            HeaderMap::new(),
            Bytes::from_static(br#"{"id":"u3"}"#),
        ));
    let expected = User {
        id: "u1".to_owned(),
        name: "Ada".to_owned(),
    };
    assert_eq!(mock.show_user("u1").await.unwrap(), expected);
    let response = mock.show_user_response("u1").await.unwrap();
    assert_eq!(response.request_id(), Some("req-2"));
    assert_eq!(response.headers()["content-type"], "application/json");
    assert_eq!(response.into_body(), expected);
    assert_eq!(mock.avatar("u1").await.unwrap(), &b"\x89PNG"[..]);
    let error = mock.show_user("u3").await.unwrap_err();
    assert!(matches!(error, Error::Decode(_)), "{error:?}");
    assert_eq!(error.status(), Some(StatusCode::OK));
}

#[tokio::test]
async fn a_scripted_transport_failure_is_error_transport() {
    let mock = mock();
    mock.fail(TransportError::with_kind(
        TransportErrorKind::Timeout,
        "no answer in 30s",
    ))
    .reply(respond(200).json(&json!({"id": "u1", "name": "Ada"})));
    let error = mock.show_user("u1").await.unwrap_err();
    let transport = error.transport().expect("a transport error");
    assert_eq!(transport.kind(), TransportErrorKind::Timeout);
    assert!(error.is_timeout() && error.status().is_none());
    assert!(error.to_string().contains("no answer in 30s"), "{error}");
    // The next call gets the next reply: the script is a queue.
    assert_eq!(mock.show_user("u1").await.unwrap().name, "Ada");
    assert_eq!(mock.requests().len(), 2);
}

// The script running out, and sharing one mock.

#[tokio::test]
async fn the_fallback_answers_once_the_script_is_used_up() {
    let mock = mock();
    mock.reply(respond(404)).fallback(respond(500));
    assert!(mock.show_user("a").await.unwrap_err().is_not_found());
    for _ in 0..3 {
        let error = mock.show_user("b").await.unwrap_err();
        assert_eq!(error.status(), Some(StatusCode::INTERNAL_SERVER_ERROR));
    }
    assert_eq!(mock.requests().len(), 4);
}

#[tokio::test]
#[should_panic(
    expected = "`MockApi` has no reply left for request 2, `show_user` (GET \
                           /v2/0a1b2c3d4e5f/users/b)"
)]
async fn an_unscripted_call_panics_naming_the_request() {
    let mock = mock();
    mock.reply(respond(204));
    mock.avatar("a").await.unwrap();
    let _ = mock.show_user("b").await;
}

#[tokio::test]
async fn the_record_survives_an_unscripted_call() {
    let mock = mock();
    let clone = mock.clone();
    let panicked = tokio::spawn(async move { clone.show_user("x").await })
        .await
        .unwrap_err();
    assert!(panicked.is_panic());
    assert_eq!(
        mock.last_request().unwrap().path(),
        "/v2/0a1b2c3d4e5f/users/x"
    );
    mock.reply(respond(200).json(&json!({"id": "x", "name": "X"})));
    assert_eq!(mock.show_user("x").await.unwrap().id, "x");
}

#[tokio::test]
async fn clones_share_script_and_record_across_tasks() {
    let mock = mock();
    for _ in 0..8 {
        mock.reply(respond(204));
    }
    let tasks: Vec<_> = (0..8)
        .map(|n| {
            let mock = mock.clone();
            tokio::spawn(async move { mock.avatar(&n.to_string()).await })
        })
        .collect();
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    let mut paths: Vec<String> = mock
        .requests()
        .iter()
        .map(|request| request.path().to_owned())
        .collect();
    paths.sort();
    let expected: Vec<String> = (0..8)
        .map(|n| format!("/v2/{PROJECT_ID}/users/{n}/avatar"))
        .collect();
    assert_eq!(paths, expected);
    assert_eq!(mock.pending_replies(), 0);
}
