//! What `Client` adds to every request (token, user agent, default headers, base path) and how
//! it fails when the service cannot be reached in time or at all.

mod common;

use std::time::{Duration, Instant};

use common::{PROJECT_ID, Reply, Server};
use restrait::{Api, Client, Error, TransportErrorKind, api};

trait Users: Api {
    #[api(
        get,
        "/v2/<project_id>/users/<user_id>",
        client(project_id),
        header("X-Language", "en-us")
    )]
    async fn show_user(&self, user_id: &str) -> Result<(), Error>;

    #[api(get, "/v2/<project_id>/users", client(project_id))]
    async fn list_users(
        &self,
        #[header("X-Client-Token")] token: Option<&str>,
    ) -> Result<(), Error>;
}

impl Users for Client {}

#[tokio::test]
async fn the_token_and_user_agent_are_sent() {
    let server = Server::replying(Reply::status(204)).await;
    let client = Client::builder(server.base_url())
        .token("tok-123")
        .project_id(PROJECT_ID)
        .build()
        .unwrap();
    client.show_user("u1").await.unwrap();

    let received = server.only_request();
    assert_eq!(received.header("x-auth-token"), "tok-123");
    assert_eq!(
        received.header("user-agent"),
        concat!("restrait/", env!("CARGO_PKG_VERSION"))
    );
}

#[tokio::test]
async fn without_a_token_no_auth_header_is_sent() {
    let server = Server::replying(Reply::status(204)).await;
    server.client().show_user("u1").await.unwrap();
    assert!(server.only_request().headers.get("x-auth-token").is_none());
}

#[tokio::test]
async fn the_user_agent_can_be_replaced() {
    let server = Server::replying(Reply::status(204)).await;
    let builder = Client::builder(server.base_url()).project_id(PROJECT_ID);
    let client = builder.user_agent("my-tool/2.0").build().unwrap();
    client.show_user("u1").await.unwrap();
    assert_eq!(server.only_request().header("user-agent"), "my-tool/2.0");
}

#[tokio::test]
async fn default_headers_give_way_to_the_operations_own() {
    let server = Server::replying(Reply::status(204)).await;
    let client = Client::builder(server.base_url())
        .project_id(PROJECT_ID)
        .default_header("X-Language", "zh-cn")
        .default_header("X-Client-Token", "default-token")
        .default_header("X-Tenant", "t1")
        .default_header("X-Tenant", "t2")
        .build()
        .unwrap();
    client.show_user("u1").await.unwrap();
    client.list_users(Some("own-token")).await.unwrap();
    client.list_users(None).await.unwrap();

    let received = server.received();
    // A static header of the operation wins over a default of the same name.
    assert_eq!(received[0].header("x-language"), "en-us");
    assert_eq!(received[0].header("x-client-token"), "default-token");
    assert_eq!(received[0].header_all("x-tenant"), ["t1", "t2"]);
    // So does a header parameter, when it has a value.
    assert_eq!(received[1].header("x-client-token"), "own-token");
    assert_eq!(received[1].header("x-language"), "zh-cn");
    assert_eq!(received[2].header("x-client-token"), "default-token");
}

#[tokio::test]
async fn a_base_url_path_prefix_is_kept() {
    let server = Server::replying(Reply::status(204)).await;
    let base = format!("{}/gateway/v1/", server.base_url());
    let client = Client::builder(base)
        .project_id(PROJECT_ID)
        .build()
        .unwrap();
    client.show_user("u1").await.unwrap();
    assert_eq!(
        server.only_request().path,
        format!("/gateway/v1/v2/{PROJECT_ID}/users/u1")
    );
}

#[tokio::test]
async fn a_slow_service_times_out() {
    let server = Server::replying(Reply::status(204).after(Duration::from_secs(5))).await;
    let client = Client::builder(server.base_url())
        .project_id(PROJECT_ID)
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let started = Instant::now();
    let error = client.show_user("u1").await.unwrap_err();

    assert!(
        started.elapsed() < Duration::from_secs(4),
        "took {:?}",
        started.elapsed()
    );
    let transport = error.transport().unwrap_or_else(|| panic!("{error:?}"));
    assert_eq!(transport.kind(), TransportErrorKind::Timeout);
    assert!(error.is_timeout() && transport.is_timeout() && !transport.is_connect());
    assert!(error.status().is_none() && error.request_id().is_none());
    let shown = error.to_string();
    assert!(
        shown.starts_with("the call timed out; check the endpoint"),
        "{shown}"
    );
    // The request did reach the server: the timeout is on the response.
    assert_eq!(
        server.only_request().path,
        format!("/v2/{PROJECT_ID}/users/u1")
    );
}

#[tokio::test]
async fn an_unreachable_service_says_to_check_the_endpoint() {
    // A port that was just free: nothing listens there.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener);
    let client = Client::builder(format!("http://{address}"))
        .token("tok-secret")
        .project_id(PROJECT_ID)
        .build()
        .unwrap();
    let error = client.show_user("u1").await.unwrap_err();

    let transport = error.transport().unwrap_or_else(|| panic!("{error:?}"));
    assert!(transport.is_connect() && !error.is_timeout(), "{error:?}");
    let shown = error.to_string();
    assert!(
        shown.starts_with(
            "could not connect to the service; check the endpoint (the client's base URL"
        ),
        "{shown}"
    );
    // The URL tells where the call went; the credentials are nowhere.
    assert!(shown.contains(&address.to_string()), "{shown}");
    assert!(!shown.contains("tok-secret") && !format!("{error:?}").contains("tok-secret"));
}

#[tokio::test]
async fn bad_configuration_is_a_config_error() {
    let error = Client::new("workspace.example.com").unwrap_err();
    let Error::Config(config) = &error else {
        panic!("expected a config error, got {error:?}")
    };
    assert_eq!(
        config.to_string(),
        "the client could not be built: the base URL `workspace.example.com` is not an absolute \
         URL (relative URL without a base)"
    );
    let error = Client::new("https://ak:sk@example.com").unwrap_err();
    assert!(matches!(error, Error::Config(_)));
    assert!(!error.to_string().contains("sk@"), "{error}");
}

#[tokio::test]
async fn debug_output_never_shows_the_token() {
    let client = Client::builder("https://example.com")
        .token("tok-very-secret")
        .project_id(PROJECT_ID)
        .build()
        .unwrap();
    let shown = format!("{client:?} {client:#?}");
    assert!(!shown.contains("tok-very-secret"), "{shown}");
    assert!(
        shown.contains("https://example.com") && shown.contains(PROJECT_ID),
        "{shown}"
    );
}
