//! Per-method timeouts and a POST declared safe to send twice.

use restrait::{Api, Error, api};

pub trait Users: Api {
    #[api(get, "/v2/users", timeout = "1m 30s")]
    async fn list(&self) -> Result<(), Error>;

    #[api(post, "/v2/users/<user_id>/actions/reset", idempotent, timeout = "250ms")]
    async fn reset(&self, user_id: &str) -> Result<(), Error>;
}

impl Users for restrait::Client {}

fn main() {}
