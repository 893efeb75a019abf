use restrait::{api, Api, Error};

pub trait Users: Api {
    #[api(get, "/v2/users")]
    async fn list(&self) -> Result<(), Error> {
        Ok(())
    }
}

fn main() {}
