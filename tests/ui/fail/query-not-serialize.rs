use restrait::{api, Api, Error};

pub struct Filter;

pub trait Users: Api {
    #[api(get, "/v2/users")]
    async fn list(&self, #[query] filter: Filter) -> Result<(), Error>;
}

fn main() {}
