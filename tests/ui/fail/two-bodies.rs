use restrait::{api, Api, Error};

#[derive(serde::Serialize)]
pub struct Note {
    pub text: String,
}

pub trait Users: Api {
    #[api(post, "/v2/users")]
    async fn create(&self, #[body] first: &Note, #[body] second: &Note) -> Result<(), Error>;
}

fn main() {}
