//! Doc comments, `cfg` and lint attributes on the method stay on the method.

#![deny(missing_docs)]

use restrait::{Api, Error, api};

/// Users.
pub trait Users: Api {
    /// Lists users.
    #[api(get, "/users")]
    #[must_use = "the request is sent only when awaited"]
    async fn list(&self) -> Result<(), Error>;

    /// Only on Linux.
    #[cfg(target_os = "linux")]
    #[api(get, "/linux")]
    async fn linux_only(&self) -> Result<(), Error>;

    /// Never compiled.
    #[cfg(any())]
    #[api(get, "/never")]
    async fn never(&self) -> Result<(), Error>;
}

impl Users for restrait::Client {}

fn main() {}
