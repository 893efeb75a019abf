use restrait::{api, Api, Error};

pub struct UserId(pub u64);

pub trait Users: Api {
    #[api(get, "/v2/users/<user_id>")]
    async fn get(&self, user_id: UserId) -> Result<(), Error>;
}

fn main() {}
