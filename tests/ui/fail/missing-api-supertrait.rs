use restrait::{api, Error};

pub trait Users {
    #[api(get, "/v2/users")]
    async fn list(&self) -> Result<(), Error>;
}

fn main() {}
