//! Every operation of Huawei Cloud Workspace, 433 of them, declared with restrait and
//! generated at build time from `tools/workspace_operations.tsv` (see `build.rs`).
//!
//! The crate exists to show that the `#[api]` attribute expresses the whole service: building
//! it type-checks each generated declaration, and one the attribute cannot express fails the
//! build. Bodies are untyped JSON ([`serde_json::Value`]); the typed client of the users API is
//! the crate `restrait-workspace`.
//!
//! ```no_run
//! use restrait_workspace_all::Workspace;
//!
//! # async fn run() -> Result<(), restrait::Error> {
//! let client = restrait::Client::builder("https://workspace.ap-southeast-1.myhuaweicloud.com")
//!     .token("an IAM token")
//!     .project_id("0a1b2c3d4e5f60718293a4b5c6d7e8f9")
//!     .build()?;
//! let users = client.list_users(None, &[], Some("10"), None, None, None, None, None, None,
//!     None, None, None, None, None).await?;
//! println!("{}", users["total_count"]);
//! # Ok(())
//! # }
//! ```
//!
//! With the feature `plain-reqwest` the same operations are generated as plain async functions
//! over reqwest instead, for comparing compile times.

#![deny(missing_docs)]
// The generated signatures mirror the SDK's request models, some of which have 27 fields.
#![allow(clippy::too_many_arguments)]

#[cfg(not(feature = "plain-reqwest"))]
include!(concat!(env!("OUT_DIR"), "/operations.rs"));

#[cfg(not(feature = "plain-reqwest"))]
impl<A: restrait::Api> Workspace for A {}

/// The plain reqwest functions (feature `plain-reqwest`).
#[cfg(feature = "plain-reqwest")]
pub mod plain {
    use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

    /// Everything but the unreserved characters is escaped, so that a value stays one segment.
    const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~');

    fn segment(value: &str) -> String {
        utf8_percent_encode(value, SEGMENT).to_string()
    }

    include!(concat!(env!("OUT_DIR"), "/operations.rs"));
}

#[cfg(feature = "plain-reqwest")]
pub use plain::OPERATIONS;
