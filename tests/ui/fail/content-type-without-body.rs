use restrait::{api, Api, Error};

pub trait Users: Api {
    #[api(delete, "/v2/users/<user_id>", content_type = "application/json;charset=UTF-8")]
    async fn delete(&self, user_id: &str) -> Result<(), Error>;
}

fn main() {}
