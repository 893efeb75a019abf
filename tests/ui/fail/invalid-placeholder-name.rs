use restrait::{api, Api, Error};

pub trait Users: Api {
    #[api(get, "/v2/users/<1a>")]
    async fn get(&self) -> Result<(), Error>;
}

fn main() {}
