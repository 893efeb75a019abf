//! The client's `tracing` span and events: what a call logs, and that neither credentials,
//! bodies nor path values ever appear in them.
//!
//! In a file of its own because it installs a subscriber, and one test per binary keeps other
//! tests' events out of the record.

mod common;

use std::fmt::{self, Write};
use std::sync::{Arc, Mutex};

use common::{Reply, Server};
use restrait::{Api, Client, Error, api};
use serde::Serialize;
use serde_json::json;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

#[derive(Serialize)]
struct ResendEmail {
    note: &'static str,
}

trait Users: Api {
    #[api(post, "/v2/<project_id>/users/<user_id>/resend-email")]
    async fn resend_email(
        &self,
        project_id: &str,
        user_id: &str,
        #[body] body: &ResendEmail,
    ) -> Result<(), Error>;
}

impl Users for Client {}

/// Records every span, span update and event of the restrait crates as one `field=value` line.
/// Written out rather than taken from `tracing-subscriber` because a test needs only this.
#[derive(Clone, Default)]
struct Recorder {
    lines: Arc<Mutex<Vec<String>>>,
}

struct Line<'a>(&'a mut String);

impl Visit for Line<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        let _ = write!(self.0, "{}={value:?} ", field.name());
    }
}

impl Subscriber for Recorder {
    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        metadata.target().starts_with("restrait")
    }
    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let mut line = format!("span {} ", span.metadata().name());
        span.record(&mut Line(&mut line));
        self.lines.lock().unwrap().push(line);
        Id::from_u64(1)
    }
    fn record(&self, _: &Id, values: &Record<'_>) {
        let mut line = String::from("record ");
        values.record(&mut Line(&mut line));
        self.lines.lock().unwrap().push(line);
    }
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut line = format!("{} ", event.metadata().level());
        event.record(&mut Line(&mut line));
        self.lines.lock().unwrap().push(line);
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

#[tokio::test]
async fn a_call_logs_method_template_status_and_request_id_and_no_secrets() {
    let recorder = Recorder::default();
    let _guard = tracing::subscriber::set_default(recorder.clone());

    let reply = Reply::json(
        403,
        json!({"error_code": "E", "error_msg": "response-secret"}),
    )
    .request_id("req-trace-1");
    let server = Server::replying(reply).await;
    let client = Client::builder(server.base_url())
        .token("token-secret")
        .build()
        .unwrap();
    let body = ResendEmail {
        note: "body-secret",
    };
    let error = client
        .resend_email("project-secret", "user-secret", &body)
        .await
        .unwrap_err();
    assert!(error.is_forbidden());
    assert_eq!(server.only_request().header("x-auth-token"), "token-secret");

    let lines = recorder.lines.lock().unwrap().clone();
    let template = "/v2/<project_id>/users/<user_id>/resend-email";
    let sending = lines
        .iter()
        .find(|l| l.contains("sending request"))
        .expect("a sending event");
    assert!(sending.starts_with("DEBUG "), "{sending}");
    assert!(sending.contains("operation=\"resend_email\" "), "{sending}");
    assert!(sending.contains("method=POST "), "{sending}");
    assert!(
        sending.contains(&format!("path={template:?} ")),
        "{sending}"
    );
    let received = lines
        .iter()
        .find(|l| l.contains("received response"))
        .expect("a response");
    assert!(received.contains("status=403 "), "{received}");
    assert!(
        received.contains("request_id=\"req-trace-1\" "),
        "{received}"
    );
    // One span for the call, with the template and, once the call ends, its outcome.
    let spans: Vec<_> = lines.iter().filter(|l| l.starts_with("span ")).collect();
    assert_eq!(spans.len(), 1, "{lines:#?}");
    let expected =
        format!("span restrait.call operation=\"resend_email\" method=POST path={template:?} ");
    assert_eq!(spans[0], &expected);
    let outcome = lines.join("\n");
    for field in [
        "attempts=1 ",
        "status=403 ",
        "request_id=\"req-trace-1\" ",
        "elapsed_ms=",
    ] {
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("record ") && l.contains(field)),
            "{field} not recorded:\n{outcome}"
        );
    }
    for line in &lines {
        for secret in [
            "token-secret",
            "body-secret",
            "response-secret",
            "user-secret",
        ] {
            assert!(!line.contains(secret), "{secret} logged: {line}");
        }
        assert!(!line.contains("project-secret"), "{line}");
    }
}
