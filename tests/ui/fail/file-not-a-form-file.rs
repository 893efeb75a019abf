use restrait::{api, Api, Error};

pub trait Users: Api {
    #[api(post, "/v2/users/import")]
    async fn import(&self, #[file] file: Vec<u8>) -> Result<(), Error>;
}

fn main() {}
