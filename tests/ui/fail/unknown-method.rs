use restrait::{api, Api, Error};

pub trait Users: Api {
    #[api(fetch, "/users")]
    async fn list(&self) -> Result<(), Error>;
}

fn main() {}
