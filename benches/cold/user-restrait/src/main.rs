use restrait::{Api, Client, Error, api};

#[derive(serde::Serialize)]
pub struct ResendEmail {
    pub template_id: &'static str,
}

pub trait Users: Api {
    #[api(post, "/v2/<project_id>/users/<user_id>/resend-email")]
    async fn resend_email(&self, project_id: &str, user_id: &str, #[body] body: &ResendEmail)
    -> Result<(), Error>;
}

impl Users for Client {}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let client = Client::new("http://127.0.0.1:9").unwrap();
    let _ = client.resend_email("p", "u", &ResendEmail { template_id: "t" }).await;
}
