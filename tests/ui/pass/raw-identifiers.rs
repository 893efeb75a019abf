//! A raw identifier binds to the placeholder and query key without `r#`.

use restrait::{Api, Error, api};

pub trait Types: Api {
    #[api(get, "/types/<type>/<match>")]
    async fn get(&self, r#type: &str, r#match: u8, #[query] r#in: Option<&str>)
    -> Result<(), Error>;

    #[api(get, "/v2/<fn>/types", client(r#fn))]
    async fn list(&self) -> Result<(), Error>;
}

impl Types for restrait::Client {}

fn main() {}
