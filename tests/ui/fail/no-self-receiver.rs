use restrait::{api, Api, Error};

pub trait Users: Api {
    #[api(get, "/v2/users")]
    async fn list() -> Result<(), Error>;
}

fn main() {}
