//! The `workspace-users` program, run as a user runs it: against its embedded server
//! (`--mock`), against a server of this test with credentials from the environment, and with
//! credentials missing. Every connection stays on 127.0.0.1.

use std::process::{Command, Output};

use restrait_workspace::mock::{MockServer, PROJECT_ID, TOKEN};
use restrait_workspace::{NewUser, Users};
use serde_json::Value;

/// Every variable the program reads, removed from each run so that the developer's own
/// settings cannot leak into a test.
const VARIABLES: [&str; 6] = [
    "HUAWEICLOUD_SDK_AK",
    "HUAWEICLOUD_SDK_SK",
    "HUAWEICLOUD_SDK_SECURITY_TOKEN",
    "HUAWEICLOUD_SDK_PROJECT_ID",
    "HUAWEICLOUD_SDK_TOKEN",
    "RESTRAIT_ENDPOINT",
];

/// The sample users `--mock` starts with, in the order the server lists them.
const SAMPLE_USERS: [&str; 7] = [
    "ada", "grace", "alan", "barbara", "edsger", "margaret", "donald",
];

fn command(args: &[&str], env: &[(&str, &str)]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_workspace-users"));
    command.args(args);
    for name in VARIABLES {
        command.env_remove(name);
    }
    command.envs(env.iter().copied());
    command
}

fn run(args: &[&str], env: &[(&str, &str)]) -> Output {
    command(args, env).output().expect("the program starts")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("UTF-8 output")
}

/// The users of a `list --json` run, one JSON object per line.
fn json_lines(output: &Output) -> Vec<Value> {
    text(&output.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).expect("one JSON object per line"))
        .collect()
}

fn names(users: &[Value]) -> Vec<&str> {
    users
        .iter()
        .map(|user| user["user_name"].as_str().expect("a user name"))
        .collect()
}

fn assert_success(output: &Output) {
    assert!(
        output.status.success(),
        "exit {:?}, stderr: {}",
        output.status,
        text(&output.stderr)
    );
}

// Against the embedded server.

#[test]
fn list_json_prints_every_sample_user_across_pages() {
    let output = run(&["--mock", "list", "--json", "--page-size", "2"], &[]);
    assert_success(&output);
    let users = json_lines(&output);
    assert_eq!(names(&users), SAMPLE_USERS);
    assert!(
        users
            .iter()
            .all(|user| user["id"].as_str().is_some_and(|id| id.len() == 32))
    );
    assert_eq!(users[0]["user_email"], "ada@example.com");
    // The stderr note says where the calls went; the spinner stays off a non-terminal.
    assert!(text(&output.stderr).contains("http://127.0.0.1:"));
}

#[test]
fn list_filters_by_name_and_stops_at_the_limit() {
    let output = run(&["list", "--mock", "--json", "--name", "ar"], &[]);
    assert_success(&output);
    assert_eq!(names(&json_lines(&output)), ["barbara", "margaret"]);

    let output = run(&["--mock", "list", "--json", "--limit", "3"], &[]);
    assert_success(&output);
    assert_eq!(names(&json_lines(&output)), SAMPLE_USERS[..3]);

    // The text form: id, name and email of each user, one per line.
    let output = run(&["--mock", "list", "--limit", "1"], &[]);
    assert_success(&output);
    let line = text(&output.stdout);
    let columns: Vec<&str> = line.split_whitespace().collect();
    assert_eq!(columns[1..], ["ada", "ada@example.com"], "{line}");
}

#[test]
fn resend_email_reaches_a_listed_user_and_reports_a_missing_one() {
    // The embedded server makes the same ids on every start.
    let listed = run(&["--mock", "list", "--json", "--limit", "1"], &[]);
    assert_success(&listed);
    let users = json_lines(&listed);
    let id = users[0]["id"].as_str().expect("an id");

    let output = run(&["--mock", "resend-email", id], &[]);
    assert_success(&output);
    assert!(text(&output.stdout).contains(id));

    let output = run(
        &["--mock", "resend-email", "00000000000000000000000000000000"],
        &[],
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("the service answered 404") && stderr.contains("`WKS.0404`"),
        "{stderr}"
    );
}

// Credentials from the environment.

#[test]
fn missing_credentials_are_named_and_nothing_is_sent() {
    // An endpoint nobody listens on: were a request sent, the error would be a connection one.
    let args = [
        "--endpoint",
        "http://127.0.0.1:9",
        "--project-id",
        "p1",
        "list",
    ];
    let output = run(&args, &[]);
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("`HUAWEICLOUD_SDK_AK` is not set")
            && stderr.contains("HUAWEICLOUD_SDK_TOKEN"),
        "{stderr}"
    );

    // With an access key id, the secret key is what is missing; the token does not stand in
    // for half a key pair, and its value is never shown.
    let env = [
        ("HUAWEICLOUD_SDK_AK", "HPUAL3KD6ZZ6CZ3W7UXQ"),
        ("HUAWEICLOUD_SDK_TOKEN", "token-value-never-shown"),
    ];
    let output = run(&args, &env);
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("`HUAWEICLOUD_SDK_SK` is not set"),
        "{stderr}"
    );
    assert!(!stderr.contains("token-value-never-shown"), "{stderr}");

    // Credentials without a project.
    let env = [("HUAWEICLOUD_SDK_TOKEN", "t")];
    let output = run(&["--endpoint", "http://127.0.0.1:9", "list"], &env);
    assert_eq!(output.status.code(), Some(1));
    assert!(text(&output.stderr).contains("HUAWEICLOUD_SDK_PROJECT_ID"));
}

/// Runs the program on a blocking thread while the server answers on the runtime's others.
async fn run_beside(server: &MockServer, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut args: Vec<String> = args.iter().map(|arg| arg.to_string()).collect();
    args.extend(["--endpoint".to_owned(), server.base_url().to_owned()]);
    let env: Vec<(String, String)> = env
        .iter()
        .map(|(name, value)| (name.to_string(), value.to_string()))
        .collect();
    tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let env: Vec<(&str, &str)> = env.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
        run(&args, &env)
    })
    .await
    .expect("the program's thread")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_or_an_access_key_from_the_environment_reaches_the_service() {
    let server = MockServer::start().await.expect("the server starts");
    let ada = NewUser {
        user_email: Some("ada@example.com".to_owned()),
        ..NewUser::new("ada")
    };
    let client = server.client().expect("a client");
    client.create_user(&ada).await.expect("a user");

    // An IAM token, with the project from the environment.
    let env = [
        ("HUAWEICLOUD_SDK_TOKEN", TOKEN),
        ("HUAWEICLOUD_SDK_PROJECT_ID", PROJECT_ID),
    ];
    let output = run_beside(&server, &["list", "--json"], &env).await;
    assert_success(&output);
    assert_eq!(names(&json_lines(&output)), ["ada"]);
    let sent = server.last_received().expect("a request");
    assert_eq!(sent.path, format!("/v2/{PROJECT_ID}/users"));
    assert_eq!(sent.header("x-auth-token"), Some(TOKEN));

    // An access key, with the project from the flag.
    let env = [
        ("HUAWEICLOUD_SDK_AK", "HPUAL3KD6ZZ6CZ3W7UXQ"),
        ("HUAWEICLOUD_SDK_SK", "secret-key-never-shown"),
    ];
    let args = ["--project-id", PROJECT_ID, "list", "--json"];
    let output = run_beside(&server, &args, &env).await;
    assert_success(&output);
    assert_eq!(names(&json_lines(&output)), ["ada"]);
    let sent = server.last_received().expect("a request");
    let authorization = sent.header("authorization").unwrap_or_default();
    assert!(
        authorization.starts_with("SDK-HMAC-SHA256 Access=HPUAL3KD6ZZ6CZ3W7UXQ,"),
        "{authorization}"
    );
    assert_eq!(sent.header("x-project-id"), Some(PROJECT_ID));
}
