//! Code written against `Users` (the crate's `find_user`, `ensure_user` and `offboard_user`),
//! tested through `restrait::testing::MockApi`: the replies are scripted and every request is
//! recorded, with no network and no server.

use futures_util::TryStreamExt;
use restrait::testing::{MockApi, respond};
use restrait::{TransportError, TransportErrorKind, paginate};
use restrait_workspace::*;
use serde_json::json;

fn mock() -> MockApi {
    MockApi::new().project_id("p1")
}

fn user(id: &str, name: &str) -> serde_json::Value {
    json!({"id": id, "user_name": name, "user_email": format!("{name}@example.com")})
}

fn no_such_user() -> restrait::testing::MockResponse {
    respond(404)
        .json(&json!({"error_code": "WKS.0404", "error_msg": "The user does not exist."}))
        .request_id("0f1e2d3c4b5a69788796a5b4c3d2e1f0")
}

#[tokio::test]
async fn ensure_user_creates_a_user_that_is_missing() {
    let mock = mock();
    mock.reply(respond(200).json(&json!({"total_count": 0, "users": []})))
        .reply(respond(200).json(&json!({"id": "u-new"})));

    let id = ensure_user(&mock, &NewUser::new("ada")).await.unwrap();

    assert_eq!(id, "u-new");
    let sent = mock.requests();
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[0].operation_name(), "list_users");
    assert_eq!(sent[0].path(), "/v2/p1/users");
    assert_eq!(sent[0].query(), Some("user_names=ada"));
    assert_eq!(sent[1].operation_name(), "create_user");
    assert_eq!(sent[1].method(), "POST");
    assert_eq!(
        sent[1].json_body::<serde_json::Value>(),
        json!({"user_name": "ada"})
    );
    assert_eq!(mock.pending_replies(), 0);
}

#[tokio::test]
async fn ensure_user_reuses_a_user_that_exists() {
    let mock = mock();
    mock.reply(respond(200).json(&json!({"total_count": 1, "users": [user("u-1", "ada")]})));

    let id = ensure_user(&mock, &NewUser::new("ada")).await.unwrap();

    assert_eq!(id, "u-1");
    assert_eq!(mock.requests().len(), 1);
}

#[tokio::test]
async fn ensure_user_looks_again_when_another_client_won_the_race() {
    let mock = mock();
    let conflict = json!({"error_code": "WKS.0409", "error_msg": "The user name ada is in use."});
    mock.reply(respond(200).json(&json!({"total_count": 0, "users": []})))
        .reply(respond(409).json(&conflict))
        .reply(respond(200).json(&json!({"total_count": 1, "users": [user("u-2", "ada")]})));

    let id = ensure_user(&mock, &NewUser::new("ada")).await.unwrap();

    assert_eq!(id, "u-2");
    let operations: Vec<_> = mock.requests().iter().map(|r| r.operation_name()).collect();
    assert_eq!(operations, ["list_users", "create_user", "list_users"]);
}

#[tokio::test]
async fn offboard_user_locks_unbinds_and_deletes() {
    let mock = mock();
    let devices = json!({"otp_devices": [
        {"id": "otp-1", "user_id": "u/1", "status": "REGISTERED"},
        {"id": "otp-2", "user_id": "u/1", "status": "REGISTERED"},
    ]});
    mock.reply(respond(200))
        .reply(respond(200).json(&devices))
        .reply(respond(200))
        .reply(respond(200));

    offboard_user(&mock, "u/1").await.unwrap();

    let sent = mock.requests();
    let lines: Vec<_> = sent
        .iter()
        .map(|r| format!("{} {}", r.method(), r.path()))
        .collect();
    assert_eq!(
        lines,
        [
            "POST /v2/p1/users/u%2F1/actions",
            "GET /v2/p1/users/u%2F1/otp-devices",
            "DELETE /v2/p1/users/u%2F1/otp-devices",
            "DELETE /v2/p1/users/u%2F1",
        ]
    );
    assert_eq!(sent[0].body().unwrap().as_ref(), br#"{"op_type":"LOCK"}"#);
    assert_eq!(
        sent[2].json_body::<serde_json::Value>(),
        json!({"otp_ids": ["otp-1", "otp-2"]})
    );
    assert_eq!(sent[2].header("content-type"), Some("application/json"));
    assert_eq!(sent[3].body(), None);
}

#[tokio::test]
async fn offboard_user_of_a_user_already_gone_is_done() {
    let mock = mock();
    mock.reply(no_such_user());

    offboard_user(&mock, "u-gone").await.unwrap();

    assert_eq!(mock.requests().len(), 1);
}

#[tokio::test]
async fn a_transport_failure_is_not_taken_for_a_missing_user() {
    let mock = mock();
    mock.fail(TransportError::with_kind(
        TransportErrorKind::Timeout,
        "no answer in 30s",
    ));

    let error = offboard_user(&mock, "u-1").await.unwrap_err();

    assert!(error.is_timeout(), "{error}");
    assert!(!error.is_not_found());
}

#[tokio::test]
async fn a_service_error_keeps_its_code_and_request_id() {
    let mock = mock();
    mock.reply(no_such_user());

    let error = mock.show_user("u-9").await.unwrap_err();

    let service = error.service().unwrap();
    assert_eq!(service.error_code(), "WKS.0404");
    assert_eq!(
        service.request_id(),
        Some("0f1e2d3c4b5a69788796a5b4c3d2e1f0")
    );
    assert_eq!(mock.last_request().unwrap().path(), "/v2/p1/users/u-9");
}

#[tokio::test]
async fn declared_idempotence_and_media_types_are_recorded() {
    let mock = mock();
    mock.fallback(respond(200).json(&json!({"id": "u-1"})));

    let ids = BatchDeleteUsers {
        user_ids: vec!["u-1".into()],
    };
    mock.batch_delete_users(&ids).await.unwrap();
    mock.create_user(&NewUser::new("ada")).await.unwrap();
    mock.set_user_events_lts_configuration(&LtsConfiguration::default())
        .await
        .unwrap();

    let sent = mock.requests();
    assert!(sent[0].request().is_idempotent());
    assert!(!sent[1].request().is_idempotent());
    assert!(sent[2].request().is_idempotent());
    assert_eq!(
        sent[2].header("content-type"),
        Some("application/json;charset=utf-8")
    );
    assert_eq!(
        sent[2].path_template(),
        "/v2/<project_id>/user-events/lts-configurations"
    );
}

#[tokio::test]
async fn paginate_walks_the_user_events_by_offset() {
    let mock = mock();
    let event = |n: u32| json!({"event_type": "LOGIN", "resource_id": format!("u-{n}")});
    mock.reply(respond(200).json(&json!({"count": 5, "items": [event(1), event(2)]})))
        .reply(respond(200).json(&json!({"count": 5, "items": [event(3), event(4)]})))
        .reply(respond(200).json(&json!({"count": 5, "items": [event(5)]})));

    let events: Vec<UserEvent> = paginate(2, |page| {
        mock.list_user_events(
            Some("2024-05-01T00:00:00Z"),
            Some("2024-05-02T00:00:00Z"),
            None,
            Some("LOGIN"),
            None,
            None,
            None,
            Some(page.offset),
            Some(page.limit),
        )
    })
    .try_collect()
    .await
    .unwrap();

    assert_eq!(events.len(), 5);
    assert_eq!(events[4].resource_id.as_deref(), Some("u-5"));
    let offsets: Vec<_> = mock
        .requests()
        .iter()
        .map(|r| {
            r.query_pairs()
                .into_iter()
                .find(|(key, _)| key == "offset")
                .unwrap()
                .1
        })
        .collect();
    assert_eq!(offsets, ["0", "2", "4"]);
}
