#[derive(serde::Serialize)]
pub struct ResendEmail {
    pub template_id: &'static str,
}

async fn resend_email(
    client: &reqwest::Client,
    project_id: &str,
    user_id: &str,
    body: &ResendEmail,
) -> Result<(), reqwest::Error> {
    let url = format!("http://127.0.0.1:9/v2/{project_id}/users/{user_id}/resend-email");
    client.post(url).json(body).send().await?.error_for_status()?;
    Ok(())
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let client = reqwest::Client::new();
    let _ = resend_email(&client, "p", "u", &ResendEmail { template_id: "t" }).await;
}
