use restrait::{api, Api, Error};

pub trait Users: Api {
    #[api(get, "/v2/users", timeout = "0s")]
    async fn list(&self) -> Result<(), Error>;
}

fn main() {}
