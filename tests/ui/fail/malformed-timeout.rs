use restrait::{api, Api, Error};

pub trait Users: Api {
    #[api(get, "/v2/users", timeout = "5 seconds please")]
    async fn list(&self) -> Result<(), Error>;
}

fn main() {}
