//! Path, query, header and body parameters, static headers and client-bound placeholders.

use restrait::{Api, Error, api};

#[derive(serde::Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Status {
    Active,
    Locked,
}

#[derive(serde::Serialize)]
pub struct ResendEmail {
    pub template_id: Option<String>,
}

pub trait Users: Api {
    #[api(
        post,
        "/v2/<project_id>/users/<user_id>/resend-email",
        client(project_id),
        header("X-Language", "en-us"),
        header("Accept", "application/json")
    )]
    async fn resend_email(
        &self,
        user_id: &str,
        #[query] dry_run: bool,
        #[query("status")] statuses: &[Status],
        #[query] limit: Option<u32>,
        #[header("X-Client-Token")] client_token: Option<&str>,
        #[body] body: &ResendEmail,
    ) -> Result<(), Error>;
}

impl Users for restrait::Client {}

fn main() {}
