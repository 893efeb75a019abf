use restrait::{api, Api};

pub trait Users: Api {
    #[api(get, "/v2/users")]
    async fn list(&self) -> Vec<String>;
}

fn main() {}
