//! Every HTTP method the attribute accepts.

use restrait::{Api, Error, api};

#[derive(serde::Serialize)]
pub struct Change {
    pub name: String,
}

pub trait Methods: Api {
    #[api(get, "/items/<id>")]
    async fn get(&self, id: u64) -> Result<(), Error>;

    #[api(post, "/items")]
    async fn post(&self, #[body] change: &Change) -> Result<(), Error>;

    #[api(put, "/items/<id>")]
    async fn put(&self, id: u64, #[body] change: &Change) -> Result<(), Error>;

    #[api(patch, "/items/<id>")]
    async fn patch(&self, id: u64, #[body] change: &Change) -> Result<(), Error>;

    #[api(delete, "/items/<id>")]
    async fn delete(&self, id: u64) -> Result<(), Error>;

    #[api(head, "/items/<id>")]
    async fn head(&self, id: u64) -> Result<(), Error>;

    #[api(options, "/items")]
    async fn options(&self) -> Result<(), Error>;
}

impl Methods for restrait::Client {}

fn main() {}
