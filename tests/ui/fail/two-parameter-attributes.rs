use restrait::{api, Api, Error};

pub trait Users: Api {
    #[api(get, "/v2/users")]
    async fn list(&self, #[query] #[header("X-Limit")] limit: u32) -> Result<(), Error>;
}

fn main() {}
