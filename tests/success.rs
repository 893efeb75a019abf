//! 2xx responses: `()`, a JSON type, `Bytes` and `Response<T>`, and a 2xx body that does not
//! decode.

mod common;

use common::{Reply, Script, Server};
use http::{Method, StatusCode};
use restrait::{Api, Bytes, Client, Error, Response, api};
use serde::Deserialize;
use serde_json::json;

#[derive(Debug, PartialEq, Deserialize)]
struct Desktop {
    id: String,
    cpu: u32,
    tags: Vec<String>,
}

trait Desktops: Api {
    #[api(post, "/desktops/<id>/reboot")]
    async fn reboot(&self, id: &str) -> Result<(), Error>;

    #[api(get, "/desktops/<id>")]
    async fn show(&self, id: &str) -> Result<Desktop, Error>;

    #[api(get, "/desktops/<id>")]
    async fn show_response(&self, id: &str) -> Result<Response<Desktop>, Error>;

    #[api(get, "/desktops/<id>/screenshot")]
    async fn screenshot(&self, id: &str) -> Result<Bytes, Error>;

    #[api(get, "/desktops/<id>/screenshot")]
    async fn screenshot_response(&self, id: &str) -> Result<Response<Bytes>, Error>;

    #[api(delete, "/desktops/<id>")]
    async fn delete(&self, id: &str) -> Result<Response<()>, Error>;
}

impl Desktops for Client {}

/// A server answering `method path` with `reply`; anything else gets a 599.
async fn serving(method: Method, path: &str, reply: Reply) -> Server {
    Server::start(Script::new().route(method, path, [reply])).await
}

#[tokio::test]
async fn unit_accepts_any_2xx_with_or_without_a_body() {
    let replies = [
        Reply::status(200),
        Reply::json(200, json!({"job_id": "j-1"})),
        Reply::status(202).body("accepted, whatever this is"),
        Reply::status(204),
        // HTTP forbids a body on a 204; the server drops it and the call must not care.
        Reply::status(204).body("dropped"),
    ];
    let script = Script::new().route(Method::POST, "/desktops/d1/reboot", replies);
    let server = Server::start(script).await;
    let client = server.client();
    for attempt in 0..5 {
        let result = client.reboot("d1").await;
        assert!(result.is_ok(), "attempt {attempt}: {result:?}");
    }
    assert_eq!(server.received().len(), 5);
    assert!(
        server
            .received()
            .iter()
            .all(|r| r.path == "/desktops/d1/reboot")
    );
}

#[tokio::test]
async fn unit_still_fails_on_a_failure_status() {
    let server = serving(Method::POST, "/desktops/d1/reboot", Reply::status(409)).await;
    let error = server.client().reboot("d1").await.unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::CONFLICT));
    assert_eq!(server.only_request().method, Method::POST);
}

#[tokio::test]
async fn json_bodies_decode_into_the_declared_type() {
    let body = json!({"id": "d1", "cpu": 4, "tags": ["a", "b"], "ignored": {"x": 1}});
    let server = serving(Method::GET, "/desktops/d1", Reply::json(200, body)).await;
    let desktop = server.client().show("d1").await.unwrap();
    let expected = Desktop {
        id: "d1".into(),
        cpu: 4,
        tags: vec!["a".into(), "b".into()],
    };
    assert_eq!(desktop, expected);
    assert_eq!(server.only_request().method, Method::GET);
}

#[tokio::test]
async fn response_carries_status_headers_and_request_id() {
    let reply = Reply::json(201, json!({"id": "d2", "cpu": 2, "tags": []}))
        .request_id("req-201")
        .header("X-Rate-Limit-Remaining", "99");
    let server = serving(Method::GET, "/desktops/d2", reply).await;
    let response = server.client().show_response("d2").await.unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    assert_eq!(response.request_id(), Some("req-201"));
    assert_eq!(response.headers()["x-rate-limit-remaining"], "99");
    assert_eq!(response.body().cpu, 2);
    assert_eq!(response.into_body().id, "d2");
    assert_eq!(server.only_request().path, "/desktops/d2");
}

#[tokio::test]
async fn response_of_unit_carries_the_status() {
    let reply = Reply::status(204).request_id("req-204");
    let server = serving(Method::DELETE, "/desktops/d3", reply).await;
    let response = server.client().delete("d3").await.unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(response.request_id(), Some("req-204"));
    assert_eq!(server.only_request().method, Method::DELETE);
}

#[tokio::test]
async fn bytes_are_the_body_untouched() {
    let png: &[u8] = b"\x89PNG\r\n\x1a\n\x00\xff binary";
    let reply = Reply::status(200)
        .header("content-type", "image/png")
        .body(png);
    let server = serving(Method::GET, "/desktops/d4/screenshot", reply).await;
    let client = server.client();
    assert_eq!(client.screenshot("d4").await.unwrap().as_ref(), png);

    let response = client.screenshot_response("d4").await.unwrap();
    assert_eq!(response.headers()["content-type"], "image/png");
    assert_eq!(response.body().as_ref(), png);
    assert_eq!(server.received().len(), 2);
}

#[tokio::test]
async fn empty_bytes_for_an_empty_body() {
    let server = serving(Method::GET, "/desktops/d5/screenshot", Reply::status(204)).await;
    assert!(server.client().screenshot("d5").await.unwrap().is_empty());
    assert_eq!(server.only_request().path, "/desktops/d5/screenshot");
}

#[tokio::test]
async fn a_2xx_body_that_does_not_decode_is_kept() {
    let reply = Reply::status(200)
        .body(r#"{"id": "d6", "cpu": "four"}"#)
        .request_id("req-bad");
    let server = serving(Method::GET, "/desktops/d6", reply).await;
    let error = server.client().show("d6").await.unwrap_err();

    let Error::Decode(decode) = &error else {
        panic!("expected a decode error, got {error:?}")
    };
    assert_eq!(decode.status(), StatusCode::OK);
    assert_eq!(decode.body().as_ref(), br#"{"id": "d6", "cpu": "four"}"#);
    assert_eq!(decode.request_id(), Some("req-bad"));
    assert_eq!(error.status(), Some(StatusCode::OK));
    assert_eq!(error.request_id(), Some("req-bad"));
    assert!(error.service().is_none());
    assert!(
        error
            .to_string()
            .starts_with("the 200 OK response body did not decode: ")
    );
    assert_eq!(server.only_request().path, "/desktops/d6");
}

#[tokio::test]
async fn an_empty_2xx_body_does_not_decode_into_a_json_type() {
    let server = serving(Method::GET, "/desktops/d7", Reply::status(204)).await;
    let error = server.client().show("d7").await.unwrap_err();
    let Error::Decode(decode) = &error else {
        panic!("expected a decode error, got {error:?}")
    };
    assert_eq!(decode.status(), StatusCode::NO_CONTENT);
    assert!(decode.body().is_empty());
    assert_eq!(server.only_request().method, Method::GET);
}
