//! Building a request without sending it: what the generated method does (path, query,
//! headers, JSON body) against a transport that answers at once, next to the same request built
//! by hand with `reqwest::Client::request(..).build()`. Allocations per build are printed first.
//!
//! `cargo bench --bench build`
//!
//! The restrait figures stop where the transport starts: joining the path to the base URL and
//! adding credentials happen in `Client::send`, and `url/parse` shows what that join costs.

#[allow(dead_code)] // Each bench binary uses a different part of the shared module.
mod support;

use std::future::{Future, ready};
use std::hint::black_box;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use criterion::{Criterion, criterion_group, criterion_main};
use http::{HeaderMap, StatusCode};
use restrait::{Api, Bytes, Error, RawResponse, Request, api};
use serde::Serialize;
use support::{PROJECT_ID, ResendEmail, TEMPLATE_ID, TOKEN, Users};

#[global_allocator]
static GLOBAL: support::Counting = support::Counting;

const BASE: &str = "https://workspace.ap-southeast-1.myhuaweicloud.com";

/// A transport that answers every request with an empty 204 the moment it is asked.
struct Answering;

impl Api for Answering {
    fn send(&self, request: Request) -> impl Future<Output = Result<RawResponse, Error>> + Send {
        black_box(request);
        ready(Ok(RawResponse::new(
            StatusCode::NO_CONTENT,
            HeaderMap::new(),
            Bytes::new(),
        )))
    }
}

impl Users for Answering {}

/// A list call with ten query parameters, as Workspace's `ListUsers` has.
pub trait Listing: Api {
    #[api(get, "/v2/<project_id>/users")]
    #[allow(clippy::too_many_arguments)]
    async fn list_users(
        &self,
        project_id: &str,
        #[query] user_name: Option<&str>,
        #[query] user_email: Option<&str>,
        #[query] description: Option<&str>,
        #[query] group_name: Option<&str>,
        #[query] sort_field: &str,
        #[query] sort_type: &str,
        #[query] is_query_total_desktops: bool,
        #[query] active_type: &str,
        #[query] limit: u32,
        #[query] offset: u32,
    ) -> Result<(), Error>;
}

impl Listing for Answering {}

/// The same query as a reqwest user would declare it.
#[derive(Serialize)]
struct ListUsersQuery<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    user_name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    user_email: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    group_name: Option<&'a str>,
    sort_field: &'a str,
    sort_type: &'a str,
    is_query_total_desktops: bool,
    active_type: &'a str,
    limit: u32,
    offset: u32,
}

const QUERY: ListUsersQuery<'static> = ListUsersQuery {
    user_name: Some("ada lovelace"),
    user_email: Some("ada@example.com"),
    description: Some("desk users"),
    group_name: Some("engineering"),
    sort_field: "user_name",
    sort_type: "ASC",
    is_query_total_desktops: true,
    active_type: "ACTIVATED",
    limit: 100,
    offset: 200,
};

/// Runs a future that completes on its first poll, as every call on `Answering` does.
fn now<F: Future>(future: F) -> F::Output {
    match pin!(future).poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(output) => output,
        Poll::Pending => unreachable!("`Answering` never waits"),
    }
}

fn restrait_resend() -> Result<(), Error> {
    let body = ResendEmail {
        template_id: TEMPLATE_ID,
    };
    now(Answering.resend_email(black_box(PROJECT_ID), black_box("ok"), &body))
}

fn restrait_list() -> Result<(), Error> {
    let q = black_box(&QUERY);
    now(Answering.list_users(
        PROJECT_ID,
        q.user_name,
        q.user_email,
        q.description,
        q.group_name,
        q.sort_field,
        q.sort_type,
        q.is_query_total_desktops,
        q.active_type,
        q.limit,
        q.offset,
    ))
}

fn reqwest_resend(http: &reqwest::Client) -> reqwest::Result<reqwest::Request> {
    let (project_id, user_id) = (black_box(PROJECT_ID), black_box("ok"));
    let body = ResendEmail {
        template_id: TEMPLATE_ID,
    };
    http.post(format!(
        "{BASE}/v2/{project_id}/users/{user_id}/resend-email"
    ))
    .header("X-Auth-Token", TOKEN)
    .json(&body)
    .build()
}

fn reqwest_list(http: &reqwest::Client) -> reqwest::Result<reqwest::Request> {
    let project_id = black_box(PROJECT_ID);
    http.get(format!("{BASE}/v2/{project_id}/users"))
        .header("X-Auth-Token", TOKEN)
        .query(black_box(&QUERY))
        .build()
}

fn allocations_per_call(f: impl Fn()) -> (f64, f64) {
    const ROUNDS: usize = 1000;
    f();
    let (allocations, bytes) = support::allocated();
    for _ in 0..ROUNDS {
        f();
    }
    let (allocations_after, bytes_after) = support::allocated();
    (
        (allocations_after - allocations) as f64 / ROUNDS as f64,
        (bytes_after - bytes) as f64 / ROUNDS as f64,
    )
}

fn build(c: &mut Criterion) {
    let http = reqwest::Client::new();
    let path = "/v2/p/users/ok/resend-email";
    let cases: [(&str, &dyn Fn()); 5] = [
        ("build/resend_email/restrait", &|| {
            restrait_resend().expect("the request builds");
        }),
        ("build/resend_email/reqwest", &|| {
            black_box(reqwest_resend(&http).expect("the request builds"));
        }),
        ("build/list_users/restrait", &|| {
            restrait_list().expect("the request builds");
        }),
        ("build/list_users/reqwest", &|| {
            black_box(reqwest_list(&http).expect("the request builds"));
        }),
        ("url/parse", &|| {
            let joined = format!("{BASE}{}", black_box(path));
            black_box(reqwest::Url::parse(&joined).expect("a valid URL"));
        }),
    ];
    for (name, f) in cases {
        let (allocations, bytes) = allocations_per_call(f);
        println!("{name}: {allocations:.1} allocations, {bytes:.0} bytes per call");
    }
    for (name, f) in cases {
        c.bench_function(name, |b| b.iter(f));
    }
}

criterion_group!(benches, build);
criterion_main!(benches);
