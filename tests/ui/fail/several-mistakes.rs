use restrait::{api, Api, Error};

pub trait Users: Api {
    #[api(get, "/v2/<project>/users/{user_id}", retries(3))]
    fn list(&self, limit: u32, #[body] filter: &str) -> Result<(), Error>;
}

fn main() {}
