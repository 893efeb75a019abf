//! Prints, for a rustc `-Zself-profile` trace, the total time and the count of each event
//! label (query or pass), largest first. Times are inclusive: a query's time contains the
//! queries it called.
//!
//! ```text
//! cargo run --release --manifest-path tools/self-profile-summary/Cargo.toml -- DIR/NAME
//! ```
//!
//! where `DIR/NAME` is the trace's path without its `.mm_profdata` extension. Written here
//! because measureme's own `summarize` is not published on crates.io.

use std::collections::HashMap;
use std::path::Path;
use std::process::ExitCode;

/// How many labels are printed.
const SHOWN: usize = 45;

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: self-profile-summary <trace path without .mm_profdata>");
        return ExitCode::FAILURE;
    };
    let data = match analyzeme::ProfilingData::new(Path::new(&path)) {
        Ok(data) => data,
        Err(error) => {
            eprintln!("cannot read {path}: {error}");
            return ExitCode::FAILURE;
        }
    };
    let mut totals: HashMap<String, (u128, u64)> = HashMap::new();
    for event in data.iter_full() {
        if let Some(duration) = event.duration() {
            let total = totals.entry(event.label.to_string()).or_default();
            total.0 += duration.as_nanos();
            total.1 += 1;
        }
    }
    let mut totals: Vec<_> = totals.into_iter().collect();
    totals.sort_by(|a, b| b.1.0.cmp(&a.1.0));
    for (label, (nanos, count)) in totals.iter().take(SHOWN) {
        println!("{:10.1} ms {count:7} {label}", *nanos as f64 / 1e6);
    }
    ExitCode::SUCCESS
}
