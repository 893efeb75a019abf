use restrait::{api, Api, Error};

pub trait Users: Api {
    #[api(get, "/v2/{project_id}/users")]
    async fn list(&self, project_id: &str) -> Result<(), Error>;
}

fn main() {}
