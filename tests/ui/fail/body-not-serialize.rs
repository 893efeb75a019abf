use restrait::{api, Api, Error};

pub struct NewUser {
    pub name: String,
}

pub trait Users: Api {
    #[api(post, "/v2/users")]
    async fn create(&self, #[body] user: &NewUser) -> Result<(), Error>;
}

fn main() {}
