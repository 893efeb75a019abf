use restrait::{api, Api, Error};

pub trait Users: Api {
    #[api(get, "/v2/users?limit=10")]
    async fn list(&self) -> Result<(), Error>;
}

fn main() {}
