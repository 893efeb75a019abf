//! Declares a client through a renamed `restrait` dependency (`rest`).

use std::sync::Mutex;

use rest::{Api, Error, RawResponse, Request, api};

/// A user's desktop.
pub trait Desktops: Api {
    /// Gets one desktop.
    #[api(get, "/v2/<project_id>/desktops/<desktop_id>", client(project_id))]
    async fn get_desktop(&self, desktop_id: &str, #[query] verbose: bool) -> Result<(), Error>;
}

/// A transport that answers 204 to everything and remembers the last path and query it was
/// given, so the test can see what the generated method built.
#[derive(Default)]
pub struct Recorder {
    /// The last request's path and query.
    pub last: Mutex<Option<String>>,
}

impl Api for Recorder {
    async fn send(&self, request: Request) -> Result<RawResponse, Error> {
        *self.last.lock().unwrap() = Some(request.path_and_query().to_owned());
        Ok(RawResponse::new(
            http::StatusCode::NO_CONTENT,
            http::HeaderMap::new(),
            Default::default(),
        ))
    }

    fn client_value(&self, name: &str) -> Option<&str> {
        (name == "project_id").then_some("p1")
    }
}

impl Desktops for Recorder {}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn generated_code_reaches_the_renamed_facade() {
        let recorder = Recorder::default();
        recorder.get_desktop("d 1", true).await.unwrap();
        let last = recorder.last.lock().unwrap().clone();
        assert_eq!(last.as_deref(), Some("/v2/p1/desktops/d%201?verbose=true"));
    }
}
