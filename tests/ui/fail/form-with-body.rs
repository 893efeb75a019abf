use restrait::{api, Api, Error, FormFile};

pub trait Users: Api {
    #[api(post, "/v2/users/import")]
    async fn import(&self, #[body] body: &str, #[file] file: &FormFile) -> Result<(), Error>;
}

fn main() {}
