use restrait::{api, Api, Error};

pub trait Users: Api {
    #[api(get, "/v2/users")]
    async fn list(&self, #[header("X:Token")] token: &str) -> Result<(), Error>;
}

fn main() {}
