//! Sends each of the 21 operations of `Users` once, with fixed arguments, to the URL given on
//! the command line, signed with a fake access key. `tools/differential.py` runs it against a
//! capture server and compares what arrives with what the official Python SDK sends for the
//! same calls; the arguments here and there must stay the same, in the same order.
//!
//! ```text
//! cargo run -p restrait-workspace --example all_operations -- http://127.0.0.1:8080
//! ```
//!
//! Any 2xx answer counts as success (the capture server answers `{}`); the exit status is
//! non-zero when a call fails.

use std::process::ExitCode;

use restrait::{Client, Error, FormFile};
use restrait_workspace::*;

/// The fake credentials and project, shared with `tools/differential.py`.
const ACCESS_KEY: &str = "HPUAL3KD6ZZ6CZ3W7UXQ";
const SECRET_KEY: &str = "qcZ1gKW9bVk3EajBxyP7wRHn6mTsN0dfL8oUuJ2c";
const PROJECT_ID: &str = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";

/// A user id with characters that must be escaped in a path segment.
const USER_ID: &str = "5e0f a/b+é";

/// The contents of the uploaded user list.
const USER_LIST: &str = "ada,ada@example.com,desk-ada-01\n";

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let Some(url) = std::env::args().nth(1) else {
        eprintln!("usage: all_operations BASE_URL");
        return ExitCode::FAILURE;
    };
    let client = match Client::builder(url)
        .access_key(ACCESS_KEY, SECRET_KEY)
        .project_id(PROJECT_ID)
        .build()
    {
        Ok(client) => client,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::FAILURE;
        }
    };
    let mut failed = false;
    for (name, result) in calls(&client).await {
        match result {
            Ok(()) => eprintln!("{name}: ok"),
            Err(error) => {
                eprintln!("{name}: {error}");
                failed = true;
            }
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Makes the calls in order, each result reduced to whether it succeeded.
async fn calls(client: &Client) -> Vec<(&'static str, Result<(), Error>)> {
    let mut results = Vec::new();
    let mut record = |name, result: Result<(), Error>| results.push((name, result));

    let user = |name: &str| NewUser {
        user_email: Some(format!("{name}@example.com")),
        active_type: Some(ActiveType::UserActivate),
        group_ids: vec!["g-1".into(), "g 2".into()],
        description: Some("née \"Byron\" & co".into()),
        ..NewUser::new(name)
    };
    let batch = BatchCreateUsers {
        users: vec![user("ada"), user("grace")],
    };
    record(
        "batch_create_users",
        client.batch_create_users(&batch).await,
    );
    let ids = BatchDeleteUsers {
        user_ids: vec!["u-1".into(), "u-2".into()],
    };
    record("batch_delete_user", client.batch_delete_users(&ids).await);
    let created = client.create_user(&user("alan")).await;
    record("create_desktop_user", created.map(drop));
    record("delete_user", client.delete_user(USER_ID).await);
    record(
        "list_user_detail",
        client.show_user(USER_ID).await.map(drop),
    );
    let changes = UpdateUser {
        description: Some("on leave".into()),
        disabled: Some(true),
        password_never_expired: Some(false),
        ..UpdateUser::default()
    };
    let updated = client.update_user(USER_ID, &changes).await;
    record("update_user_info", updated.map(drop));
    let listed = client
        .list_users(
            Some("ada lovelace&co"),
            &["grace hopper", "ada", "é"],
            Some(10),
            Some(20),
            Some("x=y"),
            Some(ActiveType::UserActivate),
            Some("fin"),
            Some(true),
            Some(false),
            Some(true),
            Some("0"),
            Some(false),
            Some("corp.example.com"),
            Some(PlatformType::Ad),
        )
        .await;
    record("list_users", listed.map(drop));
    let lock = ChangeUserStatus {
        op_type: UserAction::Lock,
    };
    record(
        "change_user_status",
        client.change_user_status(USER_ID, &lock).await,
    );
    let resend = ResendEmail {
        template_id: Some("tpl-1".into()),
        phone_template_id: Some("tpl-sms-1".into()),
    };
    record("send_email", client.resend_email(USER_ID, &resend).await);
    let reset = client
        .reset_random_password(USER_ID, Some("email,phone"))
        .await;
    record("reset_random_password", reset.map(drop));
    let devices = client.list_otp_devices(USER_ID).await;
    record("list_otp_devices_by_user_id", devices.map(drop));
    let otp = DeleteOtpDevices {
        otp_ids: vec!["otp-1".into(), "otp-2".into()],
    };
    record(
        "batch_delete_otp_devices",
        client.batch_delete_otp_devices(USER_ID, &otp).await,
    );
    let records = client
        .list_notification_records(
            Some(NotificationScope::DesktopPool),
            Some("desk 1"),
            Some("pool-1"),
            Some("ada"),
            Some(NotificationChannel::Sms),
            Some(0),
            Some(100),
            Some("operate_time"),
            Some(SortOrder::Desc),
        )
        .await;
    record("list_notification_records", records.map(drop));
    let events = client
        .list_user_events(
            Some("2024-05-01T00:00:00Z"),
            Some("2024-05-02T00:00:00Z"),
            Some("ada"),
            Some("LOGIN,LOGOUT"),
            Some("r-1"),
            Some("desk-ada-01"),
            Some("corp.example.com"),
            Some(0),
            Some(50),
        )
        .await;
    record("list_user_events", events.map(drop));
    let shown = client.show_user_events_lts_configuration().await;
    record("list_user_events_lts_configurations", shown.map(drop));
    let lts = LtsConfiguration {
        enable: true,
        log_group_id: Some("lg-1".into()),
        log_stream_id: Some("ls-1".into()),
    };
    record(
        "set_user_events_lts_configurations",
        client.set_user_events_lts_configuration(&lts).await,
    );
    let file = FormFile::new("users.csv", USER_LIST).content_type("text/csv");
    let imported = client
        .import_user_list(Some("vpc-1"), Some("subnet-1"), &file)
        .await;
    record("import_user_list", imported.map(drop));
    let template = client
        .download_user_list_template(Some(Language::ZhCn), Some("Windows"))
        .await;
    record("export_user_list_template", template.map(drop));
    let template = client
        .download_users_template(Some(Language::EnUs), Some(ActiveType::AdminActivate))
        .await;
    record("export_users_template", template.map(drop));
    let groups = ExportUserGroups {
        name: Some("fin".into()),
        group_ids: vec!["g-1".into()],
        language: Some(Language::ZhCn),
    };
    let exported = client.export_user_groups(&groups).await;
    record("export_user_groups_new", exported.map(drop));
    let users = ExportUsers {
        user_name: Some("ada".into()),
        user_names: vec!["ada".into(), "grace".into()],
        description: Some("fin".into()),
        active_type: Some(ActiveType::AdminActivate),
        language: Some(Language::EnUs),
        enterprise_project_id: Some("0".into()),
    };
    let exported = client.export_users(&users).await;
    record("export_users_new", exported.map(drop));
    results
}
