use restrait::{api, Api, Error};

pub trait Users: Api {
    #[api(get, "/v2/users", header("X Language", "en-us"))]
    async fn list(&self) -> Result<(), Error>;
}

fn main() {}
