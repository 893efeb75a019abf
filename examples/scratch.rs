use restrait::{Api, Error, Response, api};

#[derive(serde::Serialize, Default)]
pub struct ResendEmail {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub template_id: Option<String>,
}

#[derive(serde::Deserialize, Debug)]
pub struct User { pub id: String }

pub trait Users: Api {
    /// Resends the activation email to a desktop user.
    #[api(post, "/v2/<project_id>/users/<user_id>/resend-email")]
    async fn resend_email(&self, project_id: &str, user_id: &str, #[body] body: &ResendEmail) -> Result<(), Error>;

    #[api(get, "/v2/<project_id>/users/<type>", client(project_id), header("X-Language", "en-us"))]
    async fn get_user(&self, r#type: &str, #[query] limit: Option<u32>, #[header("X-Client-Token")] t: &str) -> Result<Response<User>, Error>;
}

impl Users for restrait::Client {}

fn main() {}
