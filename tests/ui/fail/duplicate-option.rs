use restrait::{api, Api, Error};

pub trait Users: Api {
    #[api(get, "/v2/<project_id>/<region>/users", client(project_id), client(region))]
    async fn list(&self) -> Result<(), Error>;
}

fn main() {}
