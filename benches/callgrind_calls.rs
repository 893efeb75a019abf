//! Makes N reference calls with one client and prints allocations and bytes per call and calls
//! per second; `benches/callgrind.sh` runs it under callgrind for instructions per call.
//!
//! ```text
//! callgrind_calls <restrait|restrait-signed|reqwest|reqwest-timeout|hyper> <calls> [ok|denied]
//!                 [in-flight]
//! callgrind_calls serve      # the loopback server alone; prints its address, ends with stdin
//! ```
//!
//! The client runs on a current-thread runtime and the server in a child process, so a
//! callgrind run of this binary counts the client's work only (callgrind does not follow
//! children unless asked to).

#[allow(dead_code)] // Each bench binary uses a different part of the shared module.
mod support;

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, ExitCode, Stdio};
use std::sync::Arc;
use std::time::Instant;

use http::StatusCode;
use support::{ALLOWED, Clients, DENIED, Kind};

#[global_allocator]
static GLOBAL: support::Counting = support::Counting;

const USAGE: &str = "usage: callgrind_calls \
                     <restrait|restrait-signed|reqwest|reqwest-timeout|hyper> <calls> \
                     [ok|denied] [in-flight]\n       callgrind_calls serve";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args[..] {
        ["serve"] => serve(),
        [kind, calls, ref rest @ ..] if rest.len() <= 2 => {
            let (Some(kind), Ok(calls)) = (Kind::from_name(kind), calls.parse::<usize>()) else {
                eprintln!("{USAGE}");
                return ExitCode::FAILURE;
            };
            let user = match rest.first() {
                None | Some(&"ok") => ALLOWED,
                Some(&"denied") => DENIED,
                Some(_) => {
                    eprintln!("{USAGE}");
                    return ExitCode::FAILURE;
                }
            };
            let in_flight = rest.get(1).and_then(|n| n.parse().ok()).unwrap_or(1_usize);
            run(kind, calls, user, in_flight.max(1));
            ExitCode::SUCCESS
        }
        // `cargo bench` runs every bench target with `--bench`; this one has nothing to time.
        _ => {
            eprintln!("{USAGE}");
            ExitCode::SUCCESS
        }
    }
}

/// Serves until stdin closes, so that the server never outlives the process that started it.
fn serve() -> ExitCode {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("loopback is available");
    let address = listener
        .local_addr()
        .expect("a bound socket has an address");
    println!("{address}");
    std::io::stdout().flush().ok();
    std::thread::spawn(|| {
        std::io::stdin().read_to_end(&mut Vec::new()).ok();
        std::process::exit(0);
    });
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a Tokio runtime starts")
        .block_on(support::serve(listener));
    ExitCode::SUCCESS
}

fn run(kind: Kind, calls: usize, user: &'static str, in_flight: usize) {
    let exe = std::env::current_exe().expect("the binary knows its path");
    let mut server = Command::new(exe)
        .arg("serve")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("the server starts");
    let mut line = String::new();
    BufReader::new(server.stdout.take().expect("stdout is piped"))
        .read_line(&mut line)
        .expect("the server prints its address");
    let address = line.trim().parse().expect("an address");

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a Tokio runtime starts");
    let clients = Arc::new(Clients::new(address));
    let expected = if user == DENIED {
        StatusCode::FORBIDDEN
    } else {
        StatusCode::NO_CONTENT
    };
    // One call opens the connection, so that the loop measures calls on a warm connection.
    assert_eq!(runtime.block_on(clients.call(kind, user)), expected);

    let (allocations, bytes) = support::allocated();
    let started = Instant::now();
    runtime.block_on(async {
        if in_flight == 1 {
            for _ in 0..calls {
                assert_eq!(clients.call(kind, user).await, expected);
            }
            return;
        }
        let mut tasks = tokio::task::JoinSet::new();
        for worker in 0..in_flight {
            let clients = Arc::clone(&clients);
            let share = calls / in_flight + usize::from(worker < calls % in_flight);
            tasks.spawn(async move {
                for _ in 0..share {
                    assert_eq!(clients.call(kind, user).await, expected);
                }
            });
        }
        while let Some(done) = tasks.join_next().await {
            done.expect("a worker finished");
        }
    });
    let elapsed = started.elapsed();
    let (allocations_after, bytes_after) = support::allocated();
    drop(server.stdin.take());
    server.wait().ok();

    let per_call = |total: usize| total as f64 / calls.max(1) as f64;
    println!(
        "client={} status={} calls={calls} in_flight={in_flight} allocations/call={:.1} \
         bytes/call={:.0} calls/s={:.0}",
        kind.name(),
        expected.as_u16(),
        per_call(allocations_after - allocations),
        per_call(bytes_after - bytes),
        calls as f64 / elapsed.as_secs_f64(),
    );
}
