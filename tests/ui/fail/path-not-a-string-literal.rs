use restrait::{api, Api, Error};

const PATH: &str = "/users";

pub trait Users: Api {
    #[api(get, PATH)]
    async fn list(&self) -> Result<(), Error>;
}

fn main() {}
