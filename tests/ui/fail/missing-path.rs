use restrait::{api, Api, Error};

pub trait Users: Api {
    #[api(get)]
    async fn list(&self) -> Result<(), Error>;
}

fn main() {}
