use restrait::{api, Api, Error};

pub trait Users: Api {
    #[api(get, "/v2/<project_id>/users", client(project_id))]
    async fn list(&self, project_id: &str) -> Result<(), Error>;
}

fn main() {}
