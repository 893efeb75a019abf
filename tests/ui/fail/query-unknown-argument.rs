use restrait::{api, Api, Error};

pub trait Users: Api {
    #[api(get, "/v2/users")]
    async fn list(&self, #[query(flat)] filter: &str) -> Result<(), Error>;
}

fn main() {}
