//! Generated code names everything by absolute path, so local items called `Result`, `Send`,
//! `Future`, `From` or `core` do not break it.

#![allow(dead_code)]

use restrait::{Api, api};

type Result<T> = std::result::Result<T, restrait::Error>;
struct Send;
struct Future;
struct From;
mod core {}

pub trait Users: Api {
    #[api(get, "/users/<id>")]
    async fn get(&self, id: u32) -> Result<()>;
}

impl Users for restrait::Client {}

fn main() {}
