use restrait::{api, Api, Error};

#[derive(serde::Serialize)]
pub struct Filter {
    pub name: String,
}

pub trait Users: Api {
    #[api(get, "/v2/users")]
    async fn list(&self, #[body] filter: &Filter) -> Result<(), Error>;
}

fn main() {}
