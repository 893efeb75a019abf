use restrait::{api, Api, Error};

pub trait Users: Api + Sized {
    #[api(get, "/v2/users")]
    async fn list(self) -> Result<(), Error>;
}

fn main() {}
