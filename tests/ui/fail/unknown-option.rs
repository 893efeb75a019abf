use restrait::{api, Api, Error};

pub trait Users: Api {
    #[api(get, "/v2/users", retries(3))]
    async fn list(&self) -> Result<(), Error>;
}

fn main() {}
