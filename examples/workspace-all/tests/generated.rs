//! The generated trait against the table it was generated from, and a few of its operations
//! sent through `restrait::testing::MockApi`: query lists, keyword names, headers, JSON and
//! multipart bodies, response headers, and paths outside any project.

#![cfg(not(feature = "plain-reqwest"))]

use restrait::FormFile;
use restrait::testing::{MockApi, respond};
use restrait_workspace_all::{OPERATIONS, Workspace};
use serde_json::json;

#[test]
fn every_row_of_the_table_is_an_operation() {
    let table = include_str!("../../../tools/workspace_operations.tsv");
    let names: Vec<&str> = table
        .lines()
        .skip(1)
        .map(|line| line.split('\t').next().unwrap())
        .collect();
    assert_eq!(names.len(), 433);
    assert_eq!(OPERATIONS.as_slice(), names.as_slice());
}

#[tokio::test(flavor = "current_thread")]
async fn query_lists_repeat_and_keywords_keep_their_names() {
    let mock = MockApi::new().project_id("p1");
    mock.fallback(respond(200).json(&json!({})));
    mock.list_users(
        None,
        &["ada", "grace"],
        Some("10"),
        Some("0"),
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        Some(false),
        None,
        None,
    )
    .await
    .unwrap();
    mock.list_notification_records(None, None, None, None, Some("SMS"), None, None, None, None)
        .await
        .unwrap();
    let sent = mock.requests();
    assert_eq!(sent[0].path(), "/v2/p1/users");
    assert_eq!(
        sent[0].query(),
        Some("user_names=ada&user_names=grace&limit=10&offset=0&disabled=false")
    );
    assert_eq!(sent[1].query(), Some("type=SMS"));
}

#[tokio::test(flavor = "current_thread")]
async fn bodies_files_and_response_headers() {
    let mock = MockApi::new().project_id("p1");
    mock.reply(respond(200))
        .reply(respond(200).json(&json!({"total_count": 0})))
        .reply(respond(200).json(&json!({"id": "s-1"})).request_id("req-9"));

    mock.update_tenant_profile(&json!({"enable_hibernate": true}))
        .await
        .unwrap();
    let file = FormFile::new("users.xlsx", &b"PK\x03\x04"[..]);
    let imported = mock.import_user_list(None, Some("subnet-1"), &file).await;
    assert_eq!(imported.unwrap(), json!({"total_count": 0}));
    let created = mock
        .create_skill(
            Some("en-us"),
            Some("token-7"),
            &json!({"name": "summarize"}),
        )
        .await
        .unwrap();
    assert_eq!(created.request_id(), Some("req-9"));
    assert_eq!(created.body(), &json!({"id": "s-1"}));

    let sent = mock.requests();
    assert_eq!(sent[0].method(), "PATCH");
    assert_eq!(sent[0].path(), "/v1/p1/app-center/profiles");
    assert_eq!(
        sent[0].json_body::<serde_json::Value>(),
        json!({"enable_hibernate": true})
    );
    let media = sent[1].header("content-type").unwrap();
    assert!(
        media.starts_with("multipart/form-data; boundary="),
        "{media}"
    );
    assert_eq!(sent[1].query(), Some("subnet_id=subnet-1"));
    // An operation outside any project: no client value is needed.
    assert_eq!(sent[2].path(), "/v3/ai-agents/skills");
    assert_eq!(sent[2].header("x-language"), Some("en-us"));
    assert_eq!(sent[2].header("x-client-token"), Some("token-7"));
}
