//! Every success shape: unit, a JSON type, raw bytes, `Response<T>`, and an error type the
//! user converts `restrait::Error` into.

use restrait::{Api, Bytes, Error, Response, api};

#[derive(serde::Deserialize)]
pub struct User {
    pub id: String,
}

#[derive(Debug)]
pub struct AppError(pub Error);

impl From<Error> for AppError {
    fn from(error: Error) -> Self {
        AppError(error)
    }
}

pub trait Users: Api {
    #[api(get, "/unit")]
    async fn unit(&self) -> Result<(), Error>;

    #[api(get, "/json")]
    async fn json(&self) -> Result<User, Error>;

    #[api(get, "/list")]
    async fn list(&self) -> Result<Vec<User>, Error>;

    #[api(get, "/value")]
    async fn value(&self) -> Result<serde_json::Value, Error>;

    #[api(get, "/bytes")]
    async fn bytes(&self) -> Result<Bytes, Error>;

    #[api(get, "/full")]
    async fn full(&self) -> Result<Response<User>, Error>;

    #[api(get, "/full-bytes")]
    async fn full_bytes(&self) -> Result<restrait::Response<restrait::Bytes>, Error>;

    #[api(get, "/full-unit")]
    async fn full_unit(&self) -> Result<Response<()>, Error>;

    #[api(get, "/converted")]
    async fn converted(&self) -> Result<User, AppError>;

    #[api(get, "/std-result")]
    async fn std_result(&self) -> std::result::Result<(), restrait::Error>;
}

impl Users for restrait::Client {}

fn main() {}
