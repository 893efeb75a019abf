use restrait::{api, Api, Error};

pub trait Users: Api {
    #[api(get, "/v2/users/<>")]
    async fn get(&self) -> Result<(), Error>;
}

fn main() {}
