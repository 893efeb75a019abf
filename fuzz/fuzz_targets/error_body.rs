//! The shared failure decoder on arbitrary responses: any status outside 2xx with any body and
//! content type must decode into `Error::Status` without panicking, with the code falling back
//! to the status, and `Display` and `Debug` must format.

#![no_main]

use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use libfuzzer_sys::fuzz_target;
use restrait::{Api, Error, RawResponse, Request, api};

/// Answers every request with the response made from the fuzz input.
struct Canned(RawResponse);

impl Api for Canned {
    async fn send(&self, _: Request) -> Result<RawResponse, Error> {
        Ok(self.0.clone())
    }
}

trait Users: Api {
    #[api(get, "/v2/users/<user_id>")]
    async fn get_user(&self, user_id: &str) -> Result<(), Error>;
}

impl Users for Canned {}

const CONTENT_TYPES: [&str; 4] =
    ["application/json", "application/json;charset=UTF-8", "text/html", "application/xml"];

/// Polls a future that never waits: `Canned` answers at once.
fn now<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    match future.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(output) => output,
        Poll::Pending => unreachable!("nothing here waits"),
    }
}

fuzz_target!(|data: &[u8]| {
    let [a, b, c, body @ ..] = data else { return };
    // Any status from 300 to 599: everything outside 2xx goes through the failure decoder.
    let status = http::StatusCode::from_u16(300 + u16::from_le_bytes([*a, *b]) % 300).unwrap();
    let mut headers = http::HeaderMap::new();
    let content_type = CONTENT_TYPES[usize::from(*c) % CONTENT_TYPES.len()];
    headers.insert(http::header::CONTENT_TYPE, http::HeaderValue::from_static(content_type));
    headers.insert("x-request-id", http::HeaderValue::from_static("req-1"));
    let response = RawResponse::new(status, headers, body.to_vec().into());

    let error = now(Canned(response).get_user("u1")).expect_err("a failure status is an error");
    let Error::Status(service) = &error else { panic!("not a status error: {error:?}") };
    assert_eq!(service.status(), status);
    assert!(!service.error_code().is_empty());
    assert_eq!(service.request_id(), Some("req-1"));
    assert!(service.body().len() <= restrait::KEPT_BODY_LIMIT);
    let _ = (error.to_string(), format!("{error:?}"));
});
