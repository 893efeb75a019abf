//! Generic parameters, explicit lifetimes and where clauses are kept, and the returned future is
//! `Send`, so a generic caller can spawn it.

use std::fmt::Display;

use restrait::{Api, Error, api};

/// A body that may not cross threads.
#[derive(serde::Serialize)]
pub struct NotSend {
    pub name: String,
    #[serde(skip)]
    pub here: std::marker::PhantomData<*const ()>,
}

pub trait Items: Api {
    #[api(get, "/items/<id>")]
    async fn get<'a, I>(&'a self, id: &'a I, #[query] tag: &'a str) -> Result<Vec<String>, Error>
    where
        I: Display + Sync + ?Sized;

    // The request is built when the method is called, so the body need not be `Send`.
    #[api(put, "/items/<id>/raw")]
    async fn put_unsendable(
        &self,
        id: u32,
        #[body] body: &NotSend,
    ) -> Result<(), Error>;

    #[api(put, "/items/<id>")]
    async fn put<B: serde::Serialize>(&self, id: u32, #[body] body: B) -> Result<(), Error>;
}

impl Items for restrait::Client {}

pub fn spawn_get<C: Items + Clone + 'static>(client: C) -> tokio::task::JoinHandle<usize> {
    tokio::spawn(async move { client.get("a/b", "t").await.map_or(0, |v| v.len()) })
}

fn main() {}
