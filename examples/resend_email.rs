//! Resends a Workspace user's email through an `#[api]` trait, then shows what a refused call
//! looks like.
//!
//! By default the example starts an embedded server on 127.0.0.1 that answers like the
//! Workspace endpoint: 204 for the user `u1`, and a 403 with an error code, a message, an
//! encoded authorization message and a request id for anyone else. Nothing leaves the machine:
//!
//! ```text
//! cargo run --example resend_email
//! ```
//!
//! To call the real service instead, set the endpoint, a token and the project id (and
//! optionally the user ids to try, `u1` and `u2` by default); no server is started then:
//!
//! ```text
//! RESTRAIT_ENDPOINT=https://workspace.ap-southeast-1.myhuaweicloud.com \
//! HUAWEICLOUD_SDK_TOKEN=... HUAWEICLOUD_SDK_PROJECT_ID=... \
//! RESTRAIT_USER_IDS=u1,u2 cargo run --example resend_email
//! ```
//!
//! With an access key pair instead of a token, each call is signed (`SDK-HMAC-SHA256`); the
//! variables are those of the official SDKs, and a missing one is named in the error:
//!
//! ```text
//! RESTRAIT_ENDPOINT=https://workspace.ap-southeast-1.myhuaweicloud.com \
//! HUAWEICLOUD_SDK_AK=... HUAWEICLOUD_SDK_SK=... HUAWEICLOUD_SDK_PROJECT_ID=... \
//! cargo run --example resend_email
//! ```
//!
//! (`HUAWEICLOUD_SDK_SECURITY_TOKEN` too, for temporary credentials.)
//!
//! The body below is the example's own; check the service's API reference for the fields of
//! the operation you call.

use std::env;
use std::process::ExitCode;

use axum::Json;
use axum::Router;
use axum::extract::Path;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use restrait::{Api, Client, ClientBuilder, Error, api, auth};
use serde::{Deserialize, Serialize};

/// The body of the call.
#[derive(Debug, Serialize, Deserialize)]
struct ResendEmail {
    /// Which email to send again.
    email_type: String,
}

/// The part of the Workspace API this example uses.
trait Users: Api {
    #[api(
        post,
        "/v2/<project_id>/users/<user_id>/resend-email",
        client(project_id)
    )]
    async fn resend_email(&self, user_id: &str, #[body] body: &ResendEmail) -> Result<(), Error>;
}

impl Users for Client {}

/// The project id the embedded server expects.
const EMBEDDED_PROJECT_ID: &str = "0e1f2a3b4c5d6e7f";

/// The token the embedded server expects; it stands in for an IAM token.
const EMBEDDED_TOKEN: &str = "embedded-example-token";

/// What the example needs to run: a client and the users to try, in order.
type Setup = Result<(Client, Vec<String>), Box<dyn std::error::Error>>;

#[tokio::main]
async fn main() -> ExitCode {
    let setup = match real_service() {
        Some(setup) => setup,
        None => embedded_service().await,
    };
    let (client, user_ids) = match setup {
        Ok(setup) => setup,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::FAILURE;
        }
    };
    let body = ResendEmail {
        email_type: "ACTIVATE_ACCOUNT".to_owned(),
    };

    // The first user is expected to succeed and the others to be refused by the service; a
    // first call that fails, or any call that gets no answer, makes the exit status non-zero.
    let mut unexpected = false;
    for (index, user_id) in user_ids.iter().enumerate() {
        match client.resend_email(user_id, &body).await {
            Ok(()) => println!("resent the email of `{user_id}`"),
            Err(error) => {
                report(user_id, &error);
                unexpected |= index == 0 || error.service().is_none();
            }
        }
    }
    if unexpected {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Prints what a failed call says, field by field.
fn report(user_id: &str, error: &Error) {
    println!("resending the email of `{user_id}` failed: {error}");
    let Some(service) = error.service() else {
        return;
    };
    println!("  status:     {}", service.status());
    println!("  class:      {:?}", service.class());
    println!("  error code: {}", service.error_code());
    println!("  message:    {}", service.error_msg());
    println!("  request id: {}", service.request_id().unwrap_or("(none)"));
    if let Some(encoded) = service.encoded_authorization_message() {
        println!("  encoded authorization message: {encoded}");
    }
    if error.is_forbidden() {
        println!("  (the caller lacks a permission; see the hint above)");
    }
}

/// The client for the real service, when its environment variables are all set: signing with
/// an access key pair when `HUAWEICLOUD_SDK_AK` or `HUAWEICLOUD_SDK_SK` is set, sending a token
/// otherwise.
fn real_service() -> Option<Setup> {
    let endpoint = env::var("RESTRAIT_ENDPOINT").ok()?;
    let user_ids = env::var("RESTRAIT_USER_IDS").unwrap_or_else(|_| "u1,u2".to_owned());
    let user_ids = user_ids
        .split(',')
        .map(str::trim)
        .map(str::to_owned)
        .collect();
    if env::var_os(auth::ACCESS_KEY_VAR).is_some() || env::var_os(auth::SECRET_KEY_VAR).is_some() {
        println!("calling {endpoint}, signing with the access key");
        let client = match ClientBuilder::from_env() {
            Ok(builder) => builder.build().map_err(Into::into),
            Err(error) => Err(error.into()),
        };
        return Some(client.map(|client| (client, user_ids)));
    }
    let token = env::var("HUAWEICLOUD_SDK_TOKEN").ok()?;
    let project_id = env::var("HUAWEICLOUD_SDK_PROJECT_ID").ok()?;
    println!("calling {endpoint}");
    let client = Client::builder(endpoint)
        .token(token)
        .project_id(project_id)
        .build();
    Some(client.map(|client| (client, user_ids)).map_err(Into::into))
}

/// Starts the embedded server and returns a client for it.
async fn embedded_service() -> Setup {
    let app = Router::new().route(
        "/v2/{project_id}/users/{user_id}/resend-email",
        post(resend),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base_url = format!("http://{}", listener.local_addr()?);
    tokio::spawn(async move { axum::serve(listener, app).await });
    println!("calling the embedded server at {base_url}");
    let client = Client::builder(base_url)
        .token(EMBEDDED_TOKEN)
        .project_id(EMBEDDED_PROJECT_ID)
        .build()?;
    Ok((client, vec!["u1".to_owned(), "u2".to_owned()]))
}

/// The embedded endpoint: checks what a real service would check, then answers 204 for `u1`
/// and 403 for anyone else.
async fn resend(
    Path((project_id, user_id)): Path<(String, String)>,
    headers: HeaderMap,
    Json(body): Json<ResendEmail>,
) -> Response {
    let token = headers
        .get("x-auth-token")
        .and_then(|value| value.to_str().ok());
    if token != Some(EMBEDDED_TOKEN) {
        let body = serde_json::json!({
            "error_code": "APIGW.0301",
            "error_msg": "Incorrect IAM authentication information: the token is missing",
        });
        return refusal(
            StatusCode::UNAUTHORIZED,
            body,
            "3c6e1f09a1d54f7e9b8a2d4c6e8f0a12",
        );
    }
    if project_id != EMBEDDED_PROJECT_ID || body.email_type.is_empty() {
        let body = serde_json::json!({
            "error_code": "WKS.0001",
            "error_msg": "Invalid project id or email type.",
        });
        return refusal(
            StatusCode::BAD_REQUEST,
            body,
            "7d2b9c4e5f6a4b8c9d0e1f2a3b4c5d6e",
        );
    }
    if user_id == "u1" {
        return StatusCode::NO_CONTENT.into_response();
    }
    let body = serde_json::json!({
        "error_code": "WKS.0403",
        "error_msg": format!(
            "Policy doesn't allow workspace:users:resendEmail to be performed on user {user_id}."
        ),
        "encoded_authorization_message": "WKS-AUTH:eyJkZW5pZWQiOiJ3b3Jrc3BhY2U6dXNlcnM6cmVzZW5k\
                                          RW1haWwiLCJ1c2VyIjoidTIifQ",
    });
    refusal(
        StatusCode::FORBIDDEN,
        body,
        "b1f7c2d8e3a94f5b8c6d7e8f9a0b1c2d",
    )
}

fn refusal(status: StatusCode, body: serde_json::Value, request_id: &'static str) -> Response {
    (status, [("x-request-id", request_id)], Json(body)).into_response()
}
