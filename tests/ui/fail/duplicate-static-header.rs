use restrait::{api, Api, Error};

pub trait Users: Api {
    #[api(get, "/v2/users", header("X-Language", "en-us"), header("x-language", "zh-cn"))]
    async fn list(&self) -> Result<(), Error>;
}

fn main() {}
