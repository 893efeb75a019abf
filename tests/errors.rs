//! Failure statuses: what `ServiceError` reads from the status, the headers and bodies of every
//! shape, and what its helpers and `Display` make of it.

mod common;

use common::{PROJECT_ID, Reply, Script, Server};
use http::{Method, StatusCode};
use restrait::{Api, Client, Error, KEPT_BODY_LIMIT, RetryPolicy, ServiceError, StatusClass, api};
use serde_json::json;

trait Users: Api {
    #[api(get, "/v2/<project_id>/users/<user_id>", client(project_id))]
    async fn show_user(&self, user_id: &str) -> Result<serde_json::Value, Error>;
}

impl Users for Client {}

/// Calls `show_user("u1")` against a server answering `reply`, checks the request reached the
/// scripted route, and returns the error. Retries are off: these tests are about decoding one
/// answer (`tests/faults.rs` covers retries).
async fn failing_call(reply: Reply) -> Error {
    let path = format!("/v2/{PROJECT_ID}/users/u1");
    let server = Server::start(Script::new().route(Method::GET, &path, [reply])).await;
    let client = server.builder().retry_policy(RetryPolicy::none());
    let error = client
        .build()
        .unwrap()
        .show_user("u1")
        .await
        .expect_err("a failure status");
    let received = server.only_request();
    assert_eq!(
        (received.method, received.path.as_str()),
        (Method::GET, path.as_str())
    );
    error
}

fn service(error: &Error) -> &ServiceError {
    error
        .service()
        .unwrap_or_else(|| panic!("expected a service error, got {error:?}"))
}

/// The decoded code, message and encoded authorization message.
fn fields(error: &Error) -> (&str, &str, Option<&str>) {
    let service = service(error);
    (
        service.error_code(),
        service.error_msg(),
        service.encoded_authorization_message(),
    )
}

// One test per status a Huawei Cloud service commonly answers, each with a body shape seen in
// the wild.

#[tokio::test]
async fn status_400_reads_error_code_and_error_msg() {
    let body = json!({
        "error_code": "WKS.0001",
        "error_msg": "The user name is invalid.",
        "errorCode": "ignored",
        "errorMsg": "ignored",
        "code": "ignored",
        "message": "ignored",
    });
    let error = failing_call(Reply::json(400, body).request_id("req-400")).await;
    assert_eq!(
        fields(&error),
        ("WKS.0001", "The user name is invalid.", None)
    );
    assert_eq!(error.status(), Some(StatusCode::BAD_REQUEST));
    assert_eq!(error.request_id(), Some("req-400"));
    let service = service(&error);
    assert_eq!(service.class(), StatusClass::ClientError);
    assert_eq!(service.content_type(), Some("application/json"));
    assert!(!error.is_not_found() && !error.is_unauthorized() && !error.is_forbidden());
    assert!(!error.is_timeout());
    assert_eq!(
        error.to_string(),
        "the service answered 400 Bad Request, error code `WKS.0001`: The user name is invalid. \
         (request id req-400)"
    );
}

#[tokio::test]
async fn status_401_says_to_check_the_token() {
    let body = json!({"error_code": "APIGW.0301", "error_msg": "Incorrect IAM authentication."});
    let error = failing_call(Reply::json(401, body).request_id("req-401")).await;
    assert_eq!(
        fields(&error),
        ("APIGW.0301", "Incorrect IAM authentication.", None)
    );
    assert!(error.is_unauthorized());
    assert_eq!(error.request_id(), Some("req-401"));
    assert_eq!(service(&error).class(), StatusClass::ClientError);
    let shown = error.to_string();
    assert!(shown.starts_with("the service answered 401 Unauthorized, error code `APIGW.0301`"));
    assert!(
        shown.contains("(request id req-401); check the token"),
        "{shown}"
    );
    assert!(shown.contains("request signature"), "{shown}");
}

#[tokio::test]
async fn status_403_keeps_the_encoded_authorization_message() {
    let body = json!({
        "error_code": "WKS.0403",
        "error_msg": "Policy doesn't allow workspace:users:resendEmail to be performed.",
        "encoded_authorization_message": "4vlG0yaCV7ZsASZrsqTmU1KbqGb0Q8...",
    });
    let error = failing_call(Reply::json(403, body).request_id("req-403")).await;
    assert_eq!(
        fields(&error),
        (
            "WKS.0403",
            "Policy doesn't allow workspace:users:resendEmail to be performed.",
            Some("4vlG0yaCV7ZsASZrsqTmU1KbqGb0Q8..."),
        )
    );
    assert!(error.is_forbidden() && !error.is_unauthorized());
    assert_eq!(error.request_id(), Some("req-403"));
    let shown = error.to_string();
    assert!(
        shown.contains("(request id req-403); check the permissions"),
        "{shown}"
    );
    assert!(
        shown.contains("decode-authorization-message API of IAM (STS)"),
        "{shown}"
    );
    // The message itself is long and only useful decoded; `Display` points to it instead.
    assert!(!shown.contains("4vlG0yaCV7"), "{shown}");
}

#[tokio::test]
async fn status_404_reads_a_nested_code_and_message() {
    let body = json!({"error": {"code": "WKS.0404", "message": "The user does not exist."}});
    let error = failing_call(Reply::json(404, body).request_id("req-404")).await;
    assert_eq!(
        fields(&error),
        ("WKS.0404", "The user does not exist.", None)
    );
    assert!(error.is_not_found());
    assert_eq!(error.request_id(), Some("req-404"));
    assert_eq!(error.status(), Some(StatusCode::NOT_FOUND));
}

#[tokio::test]
async fn status_405_without_a_body_falls_back_to_the_status() {
    let error = failing_call(Reply::status(405).request_id("req-405")).await;
    assert_eq!(fields(&error), ("405", "", None));
    assert_eq!(error.request_id(), Some("req-405"));
    assert!(service(&error).body().is_empty());
    assert_eq!(
        error.to_string(),
        "the service answered 405 Method Not Allowed, error code `405`: (empty body) (request id \
         req-405)"
    );
}

#[tokio::test]
async fn status_500_reads_camel_case_keys() {
    // `code` and `message` come last in the order of preference.
    let body = json!({
        "code": "ignored",
        "message": "ignored",
        "errorCode": "WKS.9999",
        "errorMsg": "Internal error.",
    });
    let error = failing_call(Reply::json(500, body).request_id("req-500")).await;
    assert_eq!(fields(&error), ("WKS.9999", "Internal error.", None));
    assert_eq!(service(&error).class(), StatusClass::ServerError);
    assert_eq!(error.request_id(), Some("req-500"));
}

#[tokio::test]
async fn status_503_with_an_html_page_is_the_message() {
    let page = "<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n\
                <body><center><h1>503 Service Temporarily Unavailable</h1></center></body>\r\n\
                </html>\r\n";
    let reply = Reply::status(503)
        .header("content-type", "text/html")
        .body(page);
    let error = failing_call(reply.request_id("req-503")).await;
    assert_eq!(fields(&error), ("503", page, None));
    let service = service(&error);
    assert_eq!(service.class(), StatusClass::ServerError);
    assert_eq!(service.content_type(), Some("text/html"));
    assert_eq!(service.body().as_ref(), page.as_bytes());
    assert_eq!(error.request_id(), Some("req-503"));
    // `Display` stays on one line.
    let shown = error.to_string();
    assert!(!shown.contains('\n') && !shown.contains('\r'), "{shown:?}");
    assert!(
        shown.contains("`503`: <html> <head><title>503 Service"),
        "{shown}"
    );
}

#[tokio::test]
async fn unexpected_status_418_with_a_numeric_code() {
    let body = json!({"code": 418_001, "message": "I'm a teapot"});
    let error = failing_call(Reply::json(418, body).request_id("req-418")).await;
    assert_eq!(fields(&error), ("418001", "I'm a teapot", None));
    assert_eq!(error.status().map(|s| s.as_u16()), Some(418));
    assert_eq!(service(&error).class(), StatusClass::ClientError);
    assert_eq!(error.request_id(), Some("req-418"));
}

#[tokio::test]
async fn status_outside_4xx_and_5xx_is_other() {
    // 300 is not followed as a redirect, so it reaches the decoder.
    let error = failing_call(Reply::status(300).body("pick one").request_id("req-300")).await;
    assert_eq!(fields(&error), ("300", "pick one", None));
    assert_eq!(service(&error).class(), StatusClass::Other);
}

#[tokio::test]
async fn timeout_statuses_count_as_timeouts() {
    for status in [408, 504] {
        let error = failing_call(Reply::status(status)).await;
        assert!(error.is_timeout(), "{status}");
        assert!(error.transport().is_none());
    }
}

// Bodies that are not the documented shape never fail the decode.

#[tokio::test]
async fn a_json_array_is_the_message() {
    let error = failing_call(Reply::json(400, json!([1, 2])).request_id("r")).await;
    assert_eq!(fields(&error), ("400", "[1,2]", None));
    assert_eq!(error.request_id(), Some("r"));
}

#[tokio::test]
async fn a_json_string_is_the_message_as_sent() {
    let error = failing_call(Reply::json(400, json!("bad"))).await;
    assert_eq!(fields(&error), ("400", "\"bad\"", None));
}

#[tokio::test]
async fn invalid_utf8_is_kept_as_bytes_and_shown_lossily() {
    let body: &[u8] = b"\xff\xfebroken \xc3";
    let error = failing_call(Reply::status(502).body(body).request_id("req-502")).await;
    assert_eq!(
        fields(&error),
        ("502", "\u{fffd}\u{fffd}broken \u{fffd}", None)
    );
    assert_eq!(service(&error).body().as_ref(), body);
    assert_eq!(error.request_id(), Some("req-502"));
}

#[tokio::test]
async fn truncated_json_is_the_message() {
    let error = failing_call(Reply::status(500).body(r#"{"error_code":"X","#)).await;
    assert_eq!(fields(&error), ("500", r#"{"error_code":"X","#, None));
}

#[tokio::test]
async fn a_pair_counts_only_when_both_keys_are_present() {
    let body = json!({"error_code": "Lonely", "code": "C.1", "message": "from code/message"});
    let error = failing_call(Reply::json(409, body)).await;
    assert_eq!(fields(&error), ("C.1", "from code/message", None));

    let body = json!({"error_code": "Lonely"});
    let error = failing_call(Reply::json(409, body)).await;
    assert_eq!(fields(&error), ("409", r#"{"error_code":"Lonely"}"#, None));
}

#[tokio::test]
async fn code_and_message_keys() {
    let body = json!({"code": "IAM.0011", "message": "Request body is invalid."});
    let error = failing_call(Reply::json(400, body)).await;
    assert_eq!(
        fields(&error),
        ("IAM.0011", "Request body is invalid.", None)
    );
}

#[tokio::test]
async fn a_nested_object_is_searched_deeper_and_carries_the_authorization_message() {
    let body = json!({
        "request": {"id": 7},
        "fault": {"detail": {
            "error_code": "WKS.0403",
            "error_msg": "denied",
            "encoded_authorization_message": "enc",
        }},
    });
    let error = failing_call(Reply::json(403, body)).await;
    assert_eq!(fields(&error), ("WKS.0403", "denied", Some("enc")));
}

#[tokio::test]
async fn null_and_empty_values_fall_back() {
    let body = json!({"error_code": null, "error_msg": ""});
    let error = failing_call(Reply::json(400, body)).await;
    assert_eq!(
        fields(&error),
        ("400", r#"{"error_code":null,"error_msg":""}"#, None)
    );
}

#[tokio::test]
async fn a_body_over_the_limit_is_cut_but_still_decoded() {
    let filler = "x".repeat(KEPT_BODY_LIMIT);
    let body = json!({"error_code": "Big", "error_msg": "large", "filler": filler});
    let sent = serde_json::to_vec(&body).unwrap();
    let error = failing_call(Reply::json(500, body)).await;
    assert_eq!(fields(&error), ("Big", "large", None));
    assert_eq!(service(&error).body().as_ref(), &sent[..KEPT_BODY_LIMIT]);
}

#[tokio::test]
async fn a_missing_request_id_is_none() {
    let error = failing_call(Reply::json(400, json!({"code": "C", "message": "m"}))).await;
    assert_eq!(error.request_id(), None);
    assert!(!error.to_string().contains("request id"));
}

#[tokio::test]
async fn the_body_reads_as_the_users_own_error_type() {
    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct QuotaError {
        error_code: String,
        quota: Quota,
    }
    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Quota {
        used: u32,
        limit: u32,
    }

    let body = json!({
        "error_code": "WKS.0429",
        "error_msg": "Quota exceeded.",
        "quota": {"used": 10, "limit": 10},
    });
    let error = failing_call(Reply::json(429, body)).await;
    let service = service(&error);
    assert_eq!(service.error_code(), "WKS.0429");
    let quota: QuotaError = service.body_as().expect("the user's error type");
    let expected = Quota {
        used: 10,
        limit: 10,
    };
    assert_eq!(
        quota,
        QuotaError {
            error_code: "WKS.0429".into(),
            quota: expected
        }
    );
    assert!(service.body_as::<Vec<u32>>().is_err());
}

#[tokio::test]
async fn the_response_headers_are_kept() {
    let reply = Reply::json(
        429,
        json!({"error_code": "APIGW.0308", "error_msg": "throttled"}),
    )
    .header("Retry-After", "30");
    let error = failing_call(reply).await;
    assert_eq!(service(&error).headers()["retry-after"], "30");
}
