use restrait::{api, Api, Error};

pub trait Users: Api {
    #[api(get, "/v2/users", header("X-Language", "en-us\r\nX-Injected: 1"))]
    async fn list(&self) -> Result<(), Error>;
}

fn main() {}
