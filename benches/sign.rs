//! The cost of signing one request: time per signature (criterion) and heap allocations per
//! signature (a counting allocator, printed before the timings).
//!
//! `cargo bench --bench sign`

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, UNIX_EPOCH};

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use http::Request;
use restrait::auth::{AccessKey, Signer};

/// Counts allocations so that the figure is exact rather than estimated.
struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded unchanged to the system allocator; only a counter is added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: the caller's contract is passed on as it is.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: as above.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// A typical Workspace call: JSON body, a query, a project id, SDK-like headers.
fn request() -> Request<Vec<u8>> {
    Request::post(
        "https://workspace.ap-southeast-1.myhuaweicloud.com/v2/0a1b2c3d4e5f60718293a4b5c6d7e8f9\
         /users/u-1234/actions/resend-email?limit=10&offset=0",
    )
    .header("content-type", "application/json")
    .header("user-agent", "restrait/0.1.0")
    .header("x-language", "en-us")
    .body(br#"{"user_ids":["u-1","u-2"],"notify":true}"#.to_vec())
    .unwrap_or_else(|_| unreachable!("the request above is valid"))
}

fn signers() -> [(&'static str, Signer); 2] {
    let key = AccessKey::new(
        "HPUAL3KD6ZZ6CZ3W7UXQ",
        "qcZ1gKW9bVk3EajBxyP7wRHn6mTsN0dfL8oUuJ2c",
    );
    let plain = Signer::new(key).with_project_id("0a1b2c3d4e5f60718293a4b5c6d7e8f9");
    let derived = plain
        .clone()
        .with_derived_key("ap-southeast-1", "workspace");
    [("sdk-hmac-sha256", plain), ("v11-hmac-sha256", derived)]
}

fn allocations_per_signature(signer: &Signer) -> f64 {
    const ROUNDS: usize = 1000;
    let at = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    let mut requests: Vec<_> = (0..ROUNDS).map(|_| request()).collect();
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    for request in &mut requests {
        black_box(signer.sign(request, at)).ok();
    }
    let after = ALLOCATIONS.load(Ordering::Relaxed);
    (after - before) as f64 / ROUNDS as f64
}

fn sign(c: &mut Criterion) {
    let at = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    for (name, signer) in signers() {
        println!(
            "{name}: {:.1} allocations per signature",
            allocations_per_signature(&signer)
        );
        c.bench_function(&format!("sign/{name}"), |b| {
            b.iter_batched(
                request,
                |mut request| {
                    black_box(signer.sign(&mut request, at)).ok();
                    request
                },
                BatchSize::SmallInput,
            )
        });
    }
}

criterion_group!(benches, sign);
criterion_main!(benches);
