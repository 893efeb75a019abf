//! Properties of what goes on the wire, checked over real HTTP against a server on 127.0.0.1
//! for thousands of generated values: a path value stays in its segment and decodes back to
//! itself, a query value round-trips, and a header value goes out verbatim or is refused before
//! anything is sent.
//!
//! `PROPTEST_CASES` sets the number of cases per property (default 2,000).

mod common;

use common::{Reply, Server};
use percent_encoding::percent_decode_str;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use restrait::{Api, Error, api};

trait Probe: Api {
    #[api(get, "/v2/<project_id>/items/<a>/tail/<b>", client(project_id))]
    async fn path(&self, a: &str, b: &str) -> Result<(), Error>;

    #[api(get, "/q")]
    async fn query(&self, #[query] key: &str, #[query("then")] then: &str) -> Result<(), Error>;

    #[api(get, "/h")]
    async fn header(&self, #[header("X-Probe")] value: &str) -> Result<(), Error>;
}

impl Probe for restrait::Client {}

/// Strings rich in the characters that matter to URLs and headers, and any string at all.
fn interesting() -> impl Strategy<Value = String> {
    prop_oneof![
        concat!(
            "[/?#%&=+;:@ \\[\\]\\\\.~!$'()*,<>\"{}|^`",
            "\u{0}-\u{1f}\u{7f}a-zA-Z0-9\u{e9}\u{4e2d}\u{1f600}]{0,16}"
        ),
        any::<String>(),
    ]
}

fn runner() -> TestRunner {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(2_000);
    TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    })
}

fn decode(text: &str) -> String {
    percent_decode_str(text)
        .decode_utf8()
        .expect("the client encodes UTF-8")
        .into_owned()
}

/// Runs `property` on every generated pair, with one server and client for the whole run.
fn check<F>(property: F)
where
    F: Fn(&Server, &restrait::Client, String, String) -> Result<(), TestCaseError>,
{
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let server = runtime.block_on(Server::replying(Reply::status(204)));
    let client = server.client();
    let _guard = runtime.enter();
    runner()
        .run(&(interesting(), interesting()), |(a, b)| {
            property(&server, &client, a, b)
        })
        .unwrap();
}

#[test]
fn a_path_value_stays_in_its_segment_and_decodes_back() {
    check(|server, client, a, b| {
        let before = server.received().len();
        let result = tokio::runtime::Handle::current().block_on(client.path(&a, &b));
        let received = server.received();
        let dot_or_empty = |v: &str| v.is_empty() || v == "." || v == "..";
        if dot_or_empty(&a) || dot_or_empty(&b) {
            // These would change which resource the path names: refused, nothing sent.
            prop_assert!(matches!(result, Err(Error::Build(_))), "{result:?}");
            prop_assert_eq!(received.len(), before);
            return Ok(());
        }
        prop_assert!(result.is_ok(), "{:?}", result);
        let request = &received[before];
        let segments: Vec<&str> = request.path.split('/').collect();
        prop_assert_eq!(segments.len(), 7, "{}", request.path);
        prop_assert_eq!(&segments[..4], &["", "v2", common::PROJECT_ID, "items"]);
        prop_assert_eq!(segments[5], "tail");
        prop_assert_eq!(decode(segments[4]), a);
        prop_assert_eq!(decode(segments[6]), b);
        prop_assert_eq!(request.query.as_deref(), None);
        let base = server.base_url();
        prop_assert_eq!(
            request.headers["host"].to_str().unwrap(),
            base.trim_start_matches("http://")
        );
        Ok(())
    });
}

#[test]
fn a_query_value_round_trips() {
    check(|server, client, key, then| {
        let before = server.received().len();
        let result = tokio::runtime::Handle::current().block_on(client.query(&key, &then));
        prop_assert!(result.is_ok(), "{:?}", result);
        let request = &server.received()[before];
        prop_assert_eq!(&request.path, "/q");
        let query = request.query.clone().unwrap_or_default();
        let pairs: Vec<(String, String)> = query
            .split('&')
            .map(|pair| {
                let (k, v) = pair.split_once('=').expect("key=value");
                (decode(k), decode(v))
            })
            .collect();
        prop_assert_eq!(
            pairs,
            vec![("key".to_owned(), key), ("then".to_owned(), then)]
        );
        Ok(())
    });
}

#[test]
fn a_header_value_goes_out_verbatim_or_is_refused() {
    check(|server, client, value, _| {
        let before = server.received().len();
        let result = tokio::runtime::Handle::current().block_on(client.header(&value));
        let received = server.received();
        let sendable = value
            .bytes()
            .all(|b| b == b'\t' || (b' '..=b'~').contains(&b) || b >= 0x80)
            && value.trim_matches([' ', '\t']) == value;
        if !sendable {
            prop_assert!(
                matches!(result, Err(Error::Build(_))),
                "{:?} gave {:?}",
                value,
                result
            );
            prop_assert_eq!(received.len(), before);
            return Ok(());
        }
        prop_assert!(result.is_ok(), "{:?}", result);
        let request = &received[before];
        let sent: Vec<&[u8]> = request
            .headers
            .get_all("x-probe")
            .iter()
            .map(|v| v.as_bytes())
            .collect();
        prop_assert_eq!(sent, vec![value.as_bytes()]);
        Ok(())
    });
}
