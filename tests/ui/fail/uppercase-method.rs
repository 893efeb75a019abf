use restrait::{api, Api, Error};

pub trait Users: Api {
    #[api(GET, "/users")]
    async fn list(&self) -> Result<(), Error>;
}

fn main() {}
