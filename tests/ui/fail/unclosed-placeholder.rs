use restrait::{api, Api, Error};

pub trait Users: Api {
    #[api(get, "/v2/users/<user_id")]
    async fn get(&self, user_id: &str) -> Result<(), Error>;
}

fn main() {}
