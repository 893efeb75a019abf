use restrait::{api, Api, Error};

pub struct User {
    pub name: String,
}

pub trait Users: Api {
    #[api(get, "/v2/users/<user_id>")]
    async fn get(&self, user_id: &str) -> Result<User, Error>;
}

fn main() {}
