//! Every kind of parameter, checked byte for byte on the server: path values, client-bound
//! placeholders, query values (options, sequences, booleans, numbers, enums), headers (static and
//! per call), the JSON body; and the arguments that must stop a call before anything is sent.

mod common;

use common::{PROJECT_ID, Reply, Script, Server};
use http::Method;
use percent_encoding::percent_decode_str;
use restrait::{Api, Client, Error, Response, api};
use serde::{Deserialize, Serialize};
use serde_json::json;

#[derive(Debug, Serialize)]
struct ResendEmail {
    email_type: &'static str,
    locale: Option<&'static str>,
}

#[derive(Debug, PartialEq, Deserialize)]
struct ListUsers {
    total_count: u32,
    users: Vec<UserSummary>,
}

#[derive(Debug, PartialEq, Deserialize)]
struct UserSummary {
    id: String,
    user_name: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
enum DesktopStatus {
    Active,
    #[serde(rename = "SHUTOFF")]
    ShutOff,
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
        #[query] limit: Option<u32>,
        #[query("user_name")] name: Option<&str>,
        #[header("X-Client-Token")] token: &str,
    ) -> Result<Response<ListUsers>, Error>;

    #[api(get, "/v2/<project_id>/desktops", client(project_id))]
    async fn list_desktops(
        &self,
        #[query("desktop_id")] ids: &[&str],
        #[query] detail: bool,
        #[query] offset: u64,
        #[query] status: Option<DesktopStatus>,
        #[header("X-Trace")] trace: Option<&str>,
        #[header("X-Tag")] tags: Vec<String>,
    ) -> Result<(), Error>;

    #[api(put, "/v2/<project_id>/users/<user_id>/profile", client(project_id))]
    async fn put_profile(&self, user_id: &str) -> Result<(), Error>;

    #[api(
        get,
        "/v2/<project_id>/users/<user_id>/desktops/<index>",
        client(project_id)
    )]
    async fn user_desktop(&self, user_id: &str, index: u32) -> Result<(), Error>;
}

impl Users for Client {}

/// One method per HTTP verb, on the same path.
trait Verbs: Api {
    #[api(get, "/verbs/<id>")]
    async fn get(&self, id: &str) -> Result<(), Error>;
    #[api(post, "/verbs/<id>")]
    async fn post(&self, id: &str) -> Result<(), Error>;
    #[api(put, "/verbs/<id>")]
    async fn put(&self, id: &str) -> Result<(), Error>;
    #[api(patch, "/verbs/<id>")]
    async fn patch(&self, id: &str) -> Result<(), Error>;
    #[api(delete, "/verbs/<id>")]
    async fn delete(&self, id: &str) -> Result<(), Error>;
    #[api(head, "/verbs/<id>")]
    async fn head(&self, id: &str) -> Result<(), Error>;
    #[api(options, "/verbs/<id>")]
    async fn options(&self, id: &str) -> Result<(), Error>;
}

impl Verbs for Client {}

async fn ok_server() -> Server {
    Server::replying(Reply::status(204)).await
}

// Path, body and content type.

#[tokio::test]
async fn path_values_and_json_body_arrive_as_declared() {
    let server = ok_server().await;
    let body = ResendEmail {
        email_type: "ACTIVATE",
        locale: None,
    };
    server
        .client()
        .resend_email("proj-1", "u1", &body)
        .await
        .unwrap();

    let received = server.only_request();
    assert_eq!(received.method, Method::POST);
    assert_eq!(received.path, "/v2/proj-1/users/u1/resend-email");
    assert_eq!(received.query, None);
    assert_eq!(received.header("content-type"), "application/json");
    assert_eq!(
        received.body.as_ref(),
        br#"{"email_type":"ACTIVATE","locale":null}"#
    );
    assert_eq!(
        received.header("content-length"),
        received.body.len().to_string()
    );
}

#[tokio::test]
async fn every_method_is_sent_as_declared() {
    let server = ok_server().await;
    let client = server.client();
    client.get("a").await.unwrap();
    client.post("b").await.unwrap();
    client.put("c").await.unwrap();
    client.patch("d").await.unwrap();
    client.delete("e").await.unwrap();
    client.head("f").await.unwrap();
    client.options("g").await.unwrap();

    let sent: Vec<(Method, String)> = server
        .received()
        .into_iter()
        .map(|r| (r.method, r.path))
        .collect();
    let expected = [
        (Method::GET, "/verbs/a"),
        (Method::POST, "/verbs/b"),
        (Method::PUT, "/verbs/c"),
        (Method::PATCH, "/verbs/d"),
        (Method::DELETE, "/verbs/e"),
        (Method::HEAD, "/verbs/f"),
        (Method::OPTIONS, "/verbs/g"),
    ]
    .map(|(method, path)| (method, path.to_owned()));
    assert_eq!(sent, expected);
    // Without a body parameter nothing is sent as a body, and no content type is claimed.
    for received in server.received() {
        assert!(received.body.is_empty(), "{received:?}");
        assert!(
            received.headers.get("content-type").is_none(),
            "{received:?}"
        );
    }
}

#[tokio::test]
async fn a_display_value_fills_a_path_placeholder() {
    let server = ok_server().await;
    server.client().user_desktop("u1", 42).await.unwrap();
    assert_eq!(
        server.only_request().path,
        format!("/v2/{PROJECT_ID}/users/u1/desktops/42")
    );
}

// Query parameters.

#[tokio::test]
async fn query_options_are_left_out_when_none() {
    let path = format!("/v2/{PROJECT_ID}/users");
    let listing = json!({"total_count": 0, "users": []});
    let script = Script::new().route(Method::GET, &path, [Reply::json(200, listing)]);
    let server = Server::start(script).await;
    server.client().list_users(None, None, "tok").await.unwrap();

    let received = server.only_request();
    assert_eq!(received.path, path);
    assert_eq!(
        received.query, None,
        "no `?` at all when every query value is None"
    );
}

#[tokio::test]
async fn query_values_are_encoded_in_declaration_order() {
    let path = format!("/v2/{PROJECT_ID}/users");
    let listing = json!({"total_count": 1, "users": [{"id": "u1", "user_name": "a b&c"}]});
    let script = Script::new().route(Method::GET, &path, [Reply::json(200, listing)]);
    let server = Server::start(script).await;
    let response = server
        .client()
        .list_users(Some(10), Some("a b&c=d/é"), "tok")
        .await
        .unwrap();

    let received = server.only_request();
    assert_eq!(
        received.query.as_deref(),
        Some("limit=10&user_name=a%20b%26c%3Dd%2F%C3%A9")
    );
    let users = response.into_body();
    assert_eq!(
        users.users,
        [UserSummary {
            id: "u1".into(),
            user_name: "a b&c".into()
        }]
    );
    assert_eq!(users.total_count, 1);

    server
        .client()
        .list_users(None, Some(""), "tok")
        .await
        .unwrap();
    let received = server.received().pop().unwrap();
    assert_eq!(
        received.query.as_deref(),
        Some("user_name="),
        "Some(\"\") is still sent"
    );
}

#[tokio::test]
async fn sequences_repeat_the_key_and_scalars_use_their_text() {
    let server = ok_server().await;
    let client = server.client();
    let tags = vec!["x".to_owned(), "y z".to_owned()];
    let ids = ["d-1", "d/2"];
    client
        .list_desktops(&ids, true, 0, Some(DesktopStatus::ShutOff), None, tags)
        .await
        .unwrap();
    client
        .list_desktops(
            &[],
            false,
            u64::MAX,
            Some(DesktopStatus::Active),
            None,
            vec![],
        )
        .await
        .unwrap();

    let received = server.received();
    assert_eq!(received.len(), 2);
    assert_eq!(received[0].path, format!("/v2/{PROJECT_ID}/desktops"));
    assert_eq!(
        received[0].query.as_deref(),
        Some("desktop_id=d-1&desktop_id=d%2F2&detail=true&offset=0&status=SHUTOFF")
    );
    assert_eq!(
        received[1].query.as_deref(),
        Some("detail=false&offset=18446744073709551615&status=ACTIVE")
    );
}

// Headers.

#[tokio::test]
async fn header_parameters_and_static_headers_are_sent() {
    let path = format!("/v2/{PROJECT_ID}/users");
    let listing = json!({"total_count": 0, "users": []});
    let script = Script::new().route(Method::GET, &path, [Reply::json(200, listing)]);
    let server = Server::start(script).await;
    server
        .client()
        .list_users(None, None, "client-token-1")
        .await
        .unwrap();

    let received = server.only_request();
    assert_eq!(received.header("x-client-token"), "client-token-1");
    assert_eq!(received.header("x-language"), "en-us");
}

#[tokio::test]
async fn optional_and_repeated_headers() {
    let server = ok_server().await;
    let client = server.client();
    let tags = vec!["a".to_owned(), "b c".to_owned()];
    client
        .list_desktops(&[], false, 1, None, Some("trace-1"), tags)
        .await
        .unwrap();
    client
        .list_desktops(&[], false, 1, None, None, vec![])
        .await
        .unwrap();

    let received = server.received();
    assert_eq!(received[0].header("x-trace"), "trace-1");
    assert_eq!(received[0].header_all("x-tag"), ["a", "b c"]);
    assert!(received[1].headers.get("x-trace").is_none());
    assert!(received[1].headers.get("x-tag").is_none());
}

// Client-bound placeholders.

#[tokio::test]
async fn a_client_bound_placeholder_comes_from_the_client() {
    let server = ok_server().await;
    let client = Client::builder(server.base_url())
        .project_id("proj/ä 1")
        .build()
        .unwrap();
    client.put_profile("u1").await.unwrap();
    // The client's value is encoded like any path value.
    assert_eq!(
        server.only_request().path,
        "/v2/proj%2F%C3%A4%201/users/u1/profile"
    );

    let server = ok_server().await;
    let client = Client::builder(server.base_url())
        .client_value("project_id", "p2")
        .build();
    client.unwrap().put_profile("u1").await.unwrap();
    assert_eq!(server.only_request().path, "/v2/p2/users/u1/profile");
}

#[tokio::test]
async fn a_missing_client_value_fails_before_sending() {
    let server = ok_server().await;
    let client = Client::new(server.base_url()).unwrap();
    let error = client.list_users(Some(1), None, "tok").await.unwrap_err();

    let Error::Build(build) = &error else {
        panic!("expected a build error, got {error:?}")
    };
    assert_eq!(build.operation(), "list_users");
    assert_eq!(
        error.to_string(),
        "`list_users`: the client has no value for the placeholder `<project_id>`; set it on the \
         client builder"
    );
    assert!(server.received().is_empty(), "nothing may reach the server");
}

// Path values: whatever they hold, they stay one segment and decode back to themselves.

#[tokio::test]
async fn path_values_stay_one_segment_and_decode_back() {
    let values = [
        "a/b",
        "../etc/passwd",
        "what?x=1&y=2",
        "frag#ment",
        "100% sure",
        "with space",
        "plus+sign",
        "%2F already encoded",
        "semi;colon,comma=eq",
        "ünïcødé",
        "日本語/中文",
        "emoji 🚀",
        "~tilde.dot_under-dash",
        "\"quotes\" <and> {braces} [brackets] `tick` |pipe| \\back^",
        "tab\tnew\nline",
    ];
    let server = ok_server().await;
    let client = server.client();
    for value in values {
        client
            .put_profile(value)
            .await
            .unwrap_or_else(|e| panic!("{value:?}: {e}"));
    }

    let received = server.received();
    assert_eq!(received.len(), values.len());
    for (value, received) in values.iter().zip(&received) {
        let segments: Vec<&str> = received.path.split('/').collect();
        assert_eq!(segments.len(), 6, "{value:?} became {}", received.path);
        assert_eq!(segments[..4], ["", "v2", PROJECT_ID, "users"], "{value:?}");
        assert_eq!(segments[5], "profile", "{value:?}");
        let decoded = percent_decode_str(segments[4]).decode_utf8().unwrap();
        assert_eq!(decoded, *value, "sent as {}", segments[4]);
        assert_eq!(received.query, None, "{value:?} leaked into the query");
        // Only unreserved characters and escapes are left unencoded.
        let unreserved = |c: char| c.is_ascii_alphanumeric() || "-._~%".contains(c);
        assert!(segments[4].chars().all(unreserved), "{}", segments[4]);
    }
}

#[tokio::test]
async fn values_that_would_change_the_path_are_refused_before_sending() {
    let server = ok_server().await;
    let client = server.client();
    for (value, why) in [
        ("", "is empty, which would change the path"),
        (".", "is `.`, which would change the path"),
        ("..", "is `..`, which would change the path"),
    ] {
        let error = client.put_profile(value).await.unwrap_err();
        assert!(matches!(error, Error::Build(_)), "{value:?}: {error:?}");
        let expected = format!("`put_profile`: the value of `<user_id>` {why}");
        assert_eq!(error.to_string(), expected);
    }
    // A dot inside a longer value is an ordinary character.
    client.put_profile("...").await.unwrap();
    client.put_profile(".hidden").await.unwrap();
    let paths: Vec<String> = server.received().into_iter().map(|r| r.path).collect();
    let prefix = format!("/v2/{PROJECT_ID}/users");
    assert_eq!(
        paths,
        [
            format!("{prefix}/.../profile"),
            format!("{prefix}/.hidden/profile")
        ]
    );
}

#[tokio::test]
async fn an_invalid_header_value_fails_before_sending() {
    let server = ok_server().await;
    let error = server
        .client()
        .list_users(None, None, "token\r\nX-Injected: 1")
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Build(_)), "{error:?}");
    let shown = error.to_string();
    let expected = "`list_users`: a value of the header `x-client-token` cannot be sent as given";
    assert!(shown.starts_with(expected), "{shown}");
    assert!(
        !shown.contains("X-Injected"),
        "the value itself is not repeated: {shown}"
    );
    assert!(server.received().is_empty(), "nothing may reach the server");
}

// A filter struct flattened into the query, and a multipart upload.

#[derive(Serialize)]
struct UserFilter<'a> {
    user_name: Option<&'a str>,
    #[serde(rename = "user_names")]
    names: &'a [&'a str],
    disabled: Option<bool>,
    limit: u32,
}

trait Filtered: Api {
    #[api(get, "/v2/users")]
    async fn list(
        &self,
        #[query] offset: u32,
        #[query(flatten)] filter: &UserFilter<'_>,
    ) -> Result<(), Error>;

    #[api(post, "/v2/users/import")]
    async fn import(
        &self,
        #[query] vpc_id: &str,
        #[form("note")] note: &str,
        #[file("file")] file: &restrait::FormFile,
    ) -> Result<(), Error>;
}

impl Filtered for Client {}

#[tokio::test]
async fn a_flattened_filter_gives_one_query_parameter_per_field_value() {
    let server = ok_server().await;
    let filter = UserFilter {
        user_name: Some("a&b c"),
        names: &["x", "y/z"],
        disabled: None,
        limit: 50,
    };
    server.client().list(10, &filter).await.unwrap();
    let received = server.only_request();
    assert_eq!(
        received.query.as_deref(),
        Some("offset=10&user_name=a%26b%20c&user_names=x&user_names=y%2Fz&limit=50")
    );
}

#[tokio::test]
async fn a_multipart_upload_arrives_as_form_data() {
    let server = ok_server().await;
    let file = restrait::FormFile::new("users.csv", "name\r\nada\r\n").content_type("text/csv");
    server
        .client()
        .import("vpc-1", "first import", &file)
        .await
        .unwrap();
    let received = server.only_request();
    assert_eq!(received.query.as_deref(), Some("vpc_id=vpc-1"));
    let content_type = received.header("content-type");
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .expect("a multipart content type");
    let expected = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nfirst import\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; \
         filename=\"users.csv\"\r\nContent-Type: text/csv\r\n\r\nname\r\nada\r\n\r\n\
         --{boundary}--\r\n"
    );
    assert_eq!(std::str::from_utf8(&received.body).unwrap(), expected);
}
