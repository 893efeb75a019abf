//! The reference call end to end on loopback, for each client: restrait with a token,
//! reqwest by hand, raw hyper-util, restrait signed with an access key. Sequential calls on a
//! kept-alive connection, then 64 calls in flight at once.
//!
//! `cargo bench --bench e2e`

#[allow(dead_code)] // Each bench binary uses a different part of the shared module.
mod support;

use std::hint::black_box;
use std::sync::Arc;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use http::StatusCode;
use support::{ALLOWED, Clients, DENIED, Kind};

const IN_FLIGHT: usize = 64;

fn sequential(c: &mut Criterion) {
    let clients = Clients::new(support::spawn_server());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a Tokio runtime starts");
    for (user, status) in [
        (ALLOWED, StatusCode::NO_CONTENT),
        (DENIED, StatusCode::FORBIDDEN),
    ] {
        let mut group = c.benchmark_group(format!("e2e/{}", status.as_u16()));
        for kind in Kind::ALL {
            assert_eq!(runtime.block_on(clients.call(kind, user)), status);
            group.bench_function(kind.name(), |b| {
                b.iter(|| black_box(runtime.block_on(clients.call(kind, black_box(user)))))
            });
        }
        group.finish();
    }
}

fn in_flight(c: &mut Criterion) {
    let clients = Arc::new(Clients::new(support::spawn_server()));
    // One worker thread: the server has the machine's other core.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("a Tokio runtime starts");
    let mut group = c.benchmark_group(format!("e2e-{IN_FLIGHT}-in-flight/204"));
    group.throughput(Throughput::Elements(IN_FLIGHT as u64));
    for kind in Kind::ALL {
        group.bench_function(kind.name(), |b| {
            b.iter(|| {
                runtime.block_on(async {
                    let mut tasks = tokio::task::JoinSet::new();
                    for _ in 0..IN_FLIGHT {
                        let clients = Arc::clone(&clients);
                        tasks.spawn(async move { clients.call(kind, ALLOWED).await });
                    }
                    while let Some(status) = tasks.join_next().await {
                        assert_eq!(status.expect("a call finished"), StatusCode::NO_CONTENT);
                    }
                })
            })
        });
    }
    group.finish();
}

criterion_group!(benches, sequential, in_flight);
criterion_main!(benches);
