//! One test per operation of `Users`, against the embedded Workspace server over loopback
//! HTTP: what the server received (method, raw path, raw query, headers, body bytes) and what
//! the client decoded from the answer.

use futures_util::TryStreamExt;
use restrait::{Client, Error, FormFile, paginate};
use restrait_workspace::mock::{MockServer, PROJECT_ID, Received, TOKEN};
use restrait_workspace::*;

async fn start() -> (MockServer, Client) {
    let server = MockServer::start().await.expect("bind 127.0.0.1");
    let client = server.client().expect("a valid client");
    (server, client)
}

/// The path of the project's `rest`, such as `/users`.
fn v2(rest: &str) -> String {
    format!("/v2/{PROJECT_ID}{rest}")
}

fn last(server: &MockServer) -> Received {
    server
        .last_received()
        .expect("the server received a request")
}

/// Checks the request line and the credentials every request carries.
fn check_line(received: &Received, method: &str, path: &str, query: Option<&str>) {
    assert_eq!(received.method, method);
    assert_eq!(received.path, path);
    assert_eq!(received.query.as_deref(), query);
    assert_eq!(received.header("x-auth-token"), Some(TOKEN));
    assert_eq!(received.header("x-project-id"), Some(PROJECT_ID));
    let agent = received.header("user-agent").unwrap_or_default();
    assert!(agent.starts_with("restrait/"), "{agent}");
}

/// Checks a request with a JSON body, byte for byte.
fn check_json(received: &Received, method: &str, path: &str, body: &str) {
    check_line(received, method, path, None);
    assert_eq!(received.header("content-type"), Some("application/json"));
    assert_eq!(received.body_text(), body);
}

/// Checks a request without a body: no content type either.
fn check_bodiless(received: &Received, method: &str, path: &str, query: Option<&str>) {
    check_line(received, method, path, query);
    assert_eq!(received.header("content-type"), None);
    assert!(received.body.is_empty(), "{}", received.body_text());
}

/// Checks a failure: status, the service's code and a request id of 32 hexadecimal digits.
fn check_failure(error: &Error, status: u16, code: &str) {
    let service = error
        .service()
        .unwrap_or_else(|| panic!("not a status: {error}"));
    assert_eq!(service.status().as_u16(), status, "{error}");
    assert_eq!(service.error_code(), code, "{error}");
    let id = error.request_id().expect("a request id");
    assert!(
        id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit()),
        "{id}"
    );
}

fn ada() -> NewUser {
    NewUser {
        user_email: Some("ada@example.com".into()),
        ..NewUser::new("ada")
    }
}

async fn create(client: &Client, name: &str) -> String {
    let user = NewUser {
        user_email: Some(format!("{name}@example.com")),
        ..NewUser::new(name)
    };
    client.create_user(&user).await.expect("created").id
}

#[tokio::test]
async fn batch_create_users_sends_every_user_and_is_all_or_none() {
    let (server, client) = start().await;
    let body = BatchCreateUsers {
        users: vec![
            ada(),
            NewUser {
                active_type: Some(ActiveType::AdminActivate),
                password: Some("Gr4ce!pass".into()),
                next_login_change_password: Some(false),
                group_ids: vec!["g-finance".into()],
                ..NewUser::new("grace")
            },
        ],
    };
    client.batch_create_users(&body).await.unwrap();
    check_json(
        &last(&server),
        "POST",
        &v2("/users/batch-create"),
        concat!(
            r#"{"users":[{"user_name":"ada","user_email":"ada@example.com"},"#,
            r#"{"user_name":"grace","active_type":"ADMIN_ACTIVATE","password":"Gr4ce!pass","#,
            r#""next_login_change_password":false,"group_ids":["g-finance"]}]}"#,
        ),
    );

    // One bad user (a name starting with a digit) and none is created.
    let body = BatchCreateUsers {
        users: vec![NewUser::new("alan"), NewUser::new("1bad")],
    };
    let error = client.batch_create_users(&body).await.unwrap_err();
    check_failure(&error, 400, "WKS.0001");
    let users = client.list_users_by(&UserFilter::default(), None).await;
    let names: Vec<_> = users
        .unwrap()
        .users
        .into_iter()
        .map(|u| u.user_name)
        .collect();
    assert_eq!(names, ["ada", "grace"]);
}

#[tokio::test]
async fn batch_delete_users_deletes_by_id() {
    let (server, client) = start().await;
    let ids = vec![create(&client, "ada").await, create(&client, "alan").await];
    let body = BatchDeleteUsers {
        user_ids: ids.clone(),
    };
    client.batch_delete_users(&body).await.unwrap();
    let received = last(&server);
    let expected = format!(r#"{{"user_ids":["{}","{}"]}}"#, ids[0], ids[1]);
    check_json(&received, "POST", &v2("/users/batch-delete"), &expected);

    let error = client.batch_delete_users(&body).await.unwrap_err();
    check_failure(&error, 404, "WKS.0404");
    assert!(error.is_not_found());
}

#[tokio::test]
async fn create_user_returns_the_new_id() {
    let (server, client) = start().await;
    let user = NewUser {
        account_expires: Some("0".into()),
        enable_change_password: Some(true),
        description: Some("Analytical Engine, \"notes\" & co".into()),
        ..ada()
    };
    let created = client.create_user(&user).await.unwrap();
    check_json(
        &last(&server),
        "POST",
        &v2("/users"),
        concat!(
            r#"{"user_name":"ada","user_email":"ada@example.com","account_expires":"0","#,
            r#""enable_change_password":true,"description":"Analytical Engine, \"notes\" & co"}"#,
        ),
    );
    assert_eq!(created.id.len(), 32);
    let shown = client.show_user(&created.id).await.unwrap().user_detail;
    assert_eq!(shown.user_name, "ada");

    let error = client.create_user(&ada()).await.unwrap_err();
    check_failure(&error, 409, "WKS.0409");
    assert!(
        error.to_string().contains("ada is already in use"),
        "{error}"
    );
}

#[tokio::test]
async fn delete_user_sends_no_body() {
    let (server, client) = start().await;
    let id = create(&client, "ada").await;
    client.delete_user(&id).await.unwrap();
    check_bodiless(&last(&server), "DELETE", &v2(&format!("/users/{id}")), None);
    let error = client.show_user(&id).await.unwrap_err();
    check_failure(&error, 404, "WKS.0404");
}

#[tokio::test]
async fn show_user_decodes_the_detail_and_encodes_the_id_as_one_segment() {
    let (server, client) = start().await;
    let id = create(&client, "ada").await;
    let detail = client.show_user(&id).await.unwrap().user_detail;
    check_bodiless(&last(&server), "GET", &v2(&format!("/users/{id}")), None);
    assert_eq!(detail.id, id);
    assert_eq!(detail.user_name, "ada");
    assert_eq!(detail.user_email.as_deref(), Some("ada@example.com"));
    assert_eq!(detail.active_type.as_deref(), Some("USER_ACTIVATE"));
    assert_eq!(detail.locked, Some(false));
    assert_eq!(detail.account_type, Some(0));
    assert_eq!(
        detail.distinguished_name.as_deref(),
        Some("CN=ada,OU=Users,DC=workspace,DC=local")
    );

    let error = client.show_user("a/b c?").await.unwrap_err();
    let received = last(&server);
    assert_eq!(received.path, v2("/users/a%2Fb%20c%3F"));
    check_failure(&error, 404, "WKS.0404");
    assert_eq!(
        error.service().unwrap().error_msg(),
        "The user a/b c? does not exist."
    );
}

#[tokio::test]
async fn update_user_sends_only_the_changes() {
    let (server, client) = start().await;
    let id = create(&client, "ada").await;
    let changes = UpdateUser {
        description: Some("on leave".into()),
        disabled: Some(true),
        ..UpdateUser::default()
    };
    let updated = client.update_user(&id, &changes).await.unwrap();
    check_json(
        &last(&server),
        "PUT",
        &v2(&format!("/users/{id}")),
        r#"{"description":"on leave","disabled":true}"#,
    );
    assert_eq!(updated.id, id);
    let detail = client.show_user(&id).await.unwrap().user_detail;
    assert_eq!(detail.description.as_deref(), Some("on leave"));
    assert_eq!(detail.disabled, Some(true));
}

#[tokio::test]
async fn list_users_sends_every_filter_and_repeats_user_names() {
    let (server, client) = start().await;
    create(&client, "ada").await;
    create(&client, "grace").await;
    create(&client, "alan").await;
    let page = client
        .list_users(
            Some("a"),
            &["ada", "grace"],
            Some(10),
            Some(0),
            Some(""),
            Some(ActiveType::UserActivate),
            None,
            Some(false),
            Some(false),
            Some(true),
            Some("0"),
            Some(false),
            None,
            Some(PlatformType::Local),
        )
        .await
        .unwrap();
    check_bodiless(
        &last(&server),
        "GET",
        &v2("/users"),
        Some(
            "user_name=a&user_names=ada&user_names=grace&limit=10&offset=0&description=\
             &active_type=USER_ACTIVATE&share_space_subscription=false\
             &share_space_desktops=false&is_query_total_desktops=true&enterprise_project_id=0\
             &disabled=false&platform_type=LOCAL",
        ),
    );
    assert_eq!(page.total_count, Some(2));
    let names: Vec<_> = page.users.iter().map(|u| u.user_name.as_str()).collect();
    assert_eq!(names, ["ada", "grace"]);
    assert_eq!(page.users[0].total_desktops, Some(0));
    assert_eq!(page.users[0].enable_change_password, Some(true));

    // No filter at all: no query either.
    client
        .list_users_by(&UserFilter::default(), None)
        .await
        .unwrap();
    assert_eq!(last(&server).query, None);
}

#[tokio::test]
async fn list_users_pages_with_paginate() {
    let (server, client) = start().await;
    for name in ["u_a", "u_b", "u_c", "u_d", "u_e"] {
        create(&client, name).await;
    }
    let before = server.received().len();
    let filter = UserFilter {
        user_name: Some("u_"),
        ..UserFilter::default()
    };
    let users: Vec<User> = paginate(2, |page| client.list_users_by(&filter, Some(page)))
        .try_collect()
        .await
        .unwrap();
    let names: Vec<_> = users.iter().map(|u| u.user_name.as_str()).collect();
    assert_eq!(names, ["u_a", "u_b", "u_c", "u_d", "u_e"]);
    // Three pages; the total says the third was the last.
    let queries: Vec<_> = server.received()[before..]
        .iter()
        .map(|r| r.query.clone().unwrap())
        .collect();
    assert_eq!(
        queries,
        [
            "user_name=u_&limit=2&offset=0",
            "user_name=u_&limit=2&offset=2",
            "user_name=u_&limit=2&offset=4",
        ]
    );
}

#[tokio::test]
async fn change_user_status_locks_and_unlocks() {
    let (server, client) = start().await;
    let id = create(&client, "ada").await;
    let lock = ChangeUserStatus {
        op_type: UserAction::Lock,
    };
    client.change_user_status(&id, &lock).await.unwrap();
    let path = v2(&format!("/users/{id}/actions"));
    check_json(&last(&server), "POST", &path, r#"{"op_type":"LOCK"}"#);
    assert_eq!(
        client.show_user(&id).await.unwrap().user_detail.locked,
        Some(true)
    );
    let reset = ChangeUserStatus {
        op_type: UserAction::ResetPwd,
    };
    client.change_user_status(&id, &reset).await.unwrap();
    check_json(&last(&server), "POST", &path, r#"{"op_type":"RESET_PWD"}"#);
}

#[tokio::test]
async fn resend_email_sends_the_templates_given() {
    let (server, client) = start().await;
    let id = create(&client, "ada").await;
    let path = v2(&format!("/users/{id}/resend-email"));
    client
        .resend_email(&id, &ResendEmail::default())
        .await
        .unwrap();
    check_json(&last(&server), "POST", &path, "{}");
    let body = ResendEmail {
        template_id: Some("tpl-welcome".into()),
        phone_template_id: None,
    };
    client.resend_email(&id, &body).await.unwrap();
    check_json(
        &last(&server),
        "POST",
        &path,
        r#"{"template_id":"tpl-welcome"}"#,
    );

    let error = client.resend_email("nobody", &body).await.unwrap_err();
    check_failure(&error, 404, "WKS.0404");
}

#[tokio::test]
async fn reset_random_password_keeps_the_password_secret() {
    let (server, client) = start().await;
    let id = create(&client, "ada").await;
    let reset = client
        .reset_random_password(&id, Some("email,phone"))
        .await
        .unwrap();
    check_bodiless(
        &last(&server),
        "GET",
        &v2(&format!("/users/{id}/random-password")),
        Some("notification_type=email%2Cphone"),
    );
    let password = reset.password.as_ref().expect("a password");
    assert!(
        password.expose().starts_with("Wk#"),
        "{}",
        password.expose()
    );
    assert!(!format!("{reset:?}").contains(password.expose()));

    // A user who activates the account must be told the password somehow.
    let error = client.reset_random_password(&id, None).await.unwrap_err();
    check_failure(&error, 400, "WKS.0001");
}

#[tokio::test]
async fn list_otp_devices_decodes_the_bindings() {
    let (server, client) = start().await;
    let id = create(&client, "ada").await;
    let otp = server.bind_otp_device(&id).unwrap();
    let devices = client.list_otp_devices(&id).await.unwrap().otp_devices;
    check_bodiless(
        &last(&server),
        "GET",
        &v2(&format!("/users/{id}/otp-devices")),
        None,
    );
    assert_eq!(devices.len(), 1);
    assert_eq!(devices[0].id, otp);
    assert_eq!(devices[0].user_id.as_deref(), Some(id.as_str()));
    assert_eq!(devices[0].status.as_deref(), Some("REGISTERED"));
    assert_eq!(
        devices[0].create_time.as_deref(),
        Some("2024-05-01T08:30:00.000Z")
    );
}

#[tokio::test]
async fn batch_delete_otp_devices_is_a_delete_with_a_body() {
    let (server, client) = start().await;
    let id = create(&client, "ada").await;
    let first = server.bind_otp_device(&id).unwrap();
    let second = server.bind_otp_device(&id).unwrap();
    let body = DeleteOtpDevices {
        otp_ids: vec![first.clone()],
    };
    client.batch_delete_otp_devices(&id, &body).await.unwrap();
    check_json(
        &last(&server),
        "DELETE",
        &v2(&format!("/users/{id}/otp-devices")),
        &format!(r#"{{"otp_ids":["{first}"]}}"#),
    );
    let left = client.list_otp_devices(&id).await.unwrap().otp_devices;
    assert_eq!(left.iter().map(|d| &d.id).collect::<Vec<_>>(), [&second]);
    let error = client
        .batch_delete_otp_devices(&id, &body)
        .await
        .unwrap_err();
    check_failure(&error, 404, "WKS.0404");
}

#[tokio::test]
async fn list_notification_records_sends_type_under_its_keyword_name() {
    let (server, client) = start().await;
    let records = client
        .list_notification_records(
            Some(NotificationScope::Desktop),
            None,
            None,
            Some("ada"),
            Some(NotificationChannel::Email),
            Some(0),
            Some(50),
            Some("operate_time"),
            Some(SortOrder::Desc),
        )
        .await
        .unwrap();
    check_bodiless(
        &last(&server),
        "GET",
        &v2("/users/notification-records"),
        Some(
            "query_type=DESKTOP&user_name=ada&type=EMAIL&offset=0&limit=50\
             &sort_field=operate_time&sort_type=DESC",
        ),
    );
    assert_eq!(records.total_count, Some(1));
    let record = &records.notification_records[0];
    assert_eq!(record.kind.as_deref(), Some("EMAIL"));
    assert_eq!(record.desktop_name.as_deref(), Some("desk-ada-01"));
    assert_eq!(record.result.as_deref(), Some("FAILED"));

    let error = client
        .list_notification_records(None, None, None, None, None, None, Some(1001), None, None)
        .await
        .unwrap_err();
    check_failure(&error, 400, "WKS.0001");
}

#[tokio::test]
async fn list_user_events_filters_by_time_and_type() {
    let (server, client) = start().await;
    let id = create(&client, "ada").await;
    client.delete_user(&id).await.unwrap();
    let events = client
        .list_user_events(
            Some("2024-05-01T00:00:00Z"),
            Some("2024-05-02T00:00:00Z"),
            Some("ada"),
            Some("CREATE_USER,DELETE_USER"),
            None,
            None,
            None,
            Some(0),
            Some(100),
        )
        .await
        .unwrap();
    check_bodiless(
        &last(&server),
        "GET",
        &v2("/user-events"),
        Some(
            "start_time=2024-05-01T00%3A00%3A00Z&end_time=2024-05-02T00%3A00%3A00Z\
             &username=ada&event_type=CREATE_USER%2CDELETE_USER&offset=0&limit=100",
        ),
    );
    assert_eq!(events.count, Some(2));
    let kinds: Vec<_> = events
        .items
        .iter()
        .map(|e| e.event_type.as_deref())
        .collect();
    assert_eq!(kinds, [Some("CREATE_USER"), Some("DELETE_USER")]);
    assert_eq!(events.items[0].resource_id.as_deref(), Some(id.as_str()));
    assert_eq!(events.items[0].is_success, Some(true));
}

#[tokio::test]
async fn show_user_events_lts_configuration_starts_disabled() {
    let (server, client) = start().await;
    let configuration = client.show_user_events_lts_configuration().await.unwrap();
    check_bodiless(
        &last(&server),
        "GET",
        &v2("/user-events/lts-configurations"),
        None,
    );
    assert_eq!(configuration, LtsConfiguration::default());
}

#[tokio::test]
async fn set_user_events_lts_configuration_sends_the_declared_media_type() {
    let (server, client) = start().await;
    let configuration = LtsConfiguration {
        enable: true,
        log_group_id: Some("lg-2f1c".into()),
        log_stream_id: Some("ls-77ab".into()),
    };
    client
        .set_user_events_lts_configuration(&configuration)
        .await
        .unwrap();
    let received = last(&server);
    check_line(
        &received,
        "POST",
        &v2("/user-events/lts-configurations"),
        None,
    );
    assert_eq!(
        received.header("content-type"),
        Some("application/json;charset=utf-8")
    );
    assert_eq!(
        received.body_text(),
        r#"{"enable":true,"log_group_id":"lg-2f1c","log_stream_id":"ls-77ab"}"#
    );
    let shown = client.show_user_events_lts_configuration().await.unwrap();
    assert_eq!(shown, configuration);

    let incomplete = LtsConfiguration {
        enable: true,
        ..LtsConfiguration::default()
    };
    let error = client
        .set_user_events_lts_configuration(&incomplete)
        .await
        .unwrap_err();
    check_failure(&error, 400, "WKS.0001");
}

#[tokio::test]
async fn import_user_list_uploads_a_multipart_form() {
    let (server, client) = start().await;
    create(&client, "grace").await;
    let file = FormFile::new(
        "users.csv",
        "ada,ada@example.com,desk-ada-01\ngrace,grace@example.com,desk-grace-01\n",
    )
    .content_type("text/csv");
    let outcome = client
        .import_user_list(Some("vpc-1"), Some("subnet-1"), &file)
        .await
        .unwrap();
    let received = last(&server);
    check_line(
        &received,
        "POST",
        &v2("/users/desktop-users/action/import"),
        Some("vpc_id=vpc-1&subnet_id=subnet-1"),
    );
    let content_type = received.header("content-type").unwrap();
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .unwrap_or_else(|| panic!("{content_type}"));
    assert_eq!(
        received.body_text(),
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; \
             filename=\"users.csv\"\r\nContent-Type: text/csv\r\n\r\nada,ada@example.com,\
             desk-ada-01\ngrace,grace@example.com,desk-grace-01\n\r\n--{boundary}--\r\n"
        )
    );
    // The server read the form with its own multipart parser.
    assert_eq!(outcome.total_count, Some(2));
    assert_eq!(outcome.user_detail_list.len(), 1);
    assert_eq!(
        outcome.user_detail_list[0].user_name.as_deref(),
        Some("ada")
    );
    assert_eq!(outcome.failed_detail_list.len(), 1);
    assert_eq!(
        outcome.failed_detail_list[0].user_name.as_deref(),
        Some("grace")
    );
}

#[tokio::test]
async fn download_user_list_template_returns_raw_bytes() {
    let (server, client) = start().await;
    let bytes = client
        .download_user_list_template(Some(Language::ZhCn), Some("Windows"))
        .await
        .unwrap();
    check_bodiless(
        &last(&server),
        "GET",
        &v2("/users/desktop-users/template"),
        Some("language=zh_CN&os_type=Windows"),
    );
    let mut expected = b"PK\x03\x04".to_vec();
    expected.extend_from_slice("用户名,邮箱,桌面名称\n".as_bytes());
    assert_eq!(bytes.as_ref(), expected.as_slice());
}

#[tokio::test]
async fn download_users_template_returns_raw_bytes() {
    let (server, client) = start().await;
    let bytes = client
        .download_users_template(Some(Language::EnUs), Some(ActiveType::AdminActivate))
        .await
        .unwrap();
    check_bodiless(
        &last(&server),
        "GET",
        &v2("/users/template/download"),
        Some("language=en_US&active_type=ADMIN_ACTIVATE"),
    );
    assert_eq!(
        bytes.as_ref(),
        b"PK\x03\x04user_name,password,description\n"
    );
}

#[tokio::test]
async fn export_users_starts_a_task() {
    let (server, client) = start().await;
    let body = ExportUsers {
        user_names: vec!["ada".into(), "grace".into()],
        active_type: Some(ActiveType::UserActivate),
        language: Some(Language::EnUs),
        ..ExportUsers::default()
    };
    let task = client.export_users(&body).await.unwrap();
    check_json(
        &last(&server),
        "POST",
        &format!("/v3/{PROJECT_ID}/users/export"),
        r#"{"user_names":["ada","grace"],"active_type":"USER_ACTIVATE","language":"en_US"}"#,
    );
    assert_eq!(task.task_id.len(), 32);
}

#[tokio::test]
async fn export_user_groups_starts_a_task() {
    let (server, client) = start().await;
    let body = ExportUserGroups {
        name: Some("fin".into()),
        group_ids: vec!["g-1".into()],
        language: Some(Language::ZhCn),
    };
    let task = client.export_user_groups(&body).await.unwrap();
    check_json(
        &last(&server),
        "POST",
        &format!("/v3/{PROJECT_ID}/groups/export"),
        r#"{"name":"fin","group_ids":["g-1"],"language":"zh_CN"}"#,
    );
    assert!(!task.task_id.is_empty());
}

#[tokio::test]
async fn the_server_refuses_a_client_without_credentials() {
    let (server, _) = start().await;
    let anonymous = Client::builder(server.base_url())
        .project_id(PROJECT_ID)
        .build()
        .unwrap();
    let error = anonymous
        .show_user_events_lts_configuration()
        .await
        .unwrap_err();
    check_failure(&error, 401, "APIGW.0301");
    assert!(error.is_unauthorized());
    assert_eq!(last(&server).header("x-auth-token"), None);
}
