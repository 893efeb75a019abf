use restrait::{api, Api, Error, FormFile};

pub trait Users: Api {
    #[api(get, "/v2/users/import")]
    async fn import(&self, #[file] file: &FormFile) -> Result<(), Error>;
}

fn main() {}
