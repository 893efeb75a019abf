use restrait::{api, Api};

pub trait Users: Api {
    #[api(post, "/v2/users/<user_id>/resend-email")]
    async fn resend_email(&self, user_id: &str);
}

fn main() {}
