use restrait::{api, Api, Error};

pub trait Users: Api {
    #[api(get, "/v2/users", timeout = "5s", timeout = "10s")]
    async fn list(&self) -> Result<(), Error>;
}

fn main() {}
