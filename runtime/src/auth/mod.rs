//! Huawei Cloud authentication: tokens, access keys and the request signatures the API gateway
//! checks.
//!
//! A [`Client`](crate::Client) takes its credentials from its builder: an IAM token
//! ([`ClientBuilder::token`](crate::ClientBuilder::token)), sent as `X-Auth-Token`, or an access
//! key pair ([`ClientBuilder::access_key`](crate::ClientBuilder::access_key)), with which every
//! attempt to send a request is signed just before it leaves. The project id set with
//! [`ClientBuilder::project_id`](crate::ClientBuilder::project_id) fills `<project_id>` and is
//! sent as `X-Project-Id`, as the official SDKs send it.
//!
//! ```no_run
//! use restrait_runtime::{Client, ClientBuilder};
//!
//! // HUAWEICLOUD_SDK_AK, HUAWEICLOUD_SDK_SK, and optionally HUAWEICLOUD_SDK_SECURITY_TOKEN,
//! // HUAWEICLOUD_SDK_PROJECT_ID and RESTRAIT_ENDPOINT.
//! let client = ClientBuilder::from_env_for_region("workspace", "ap-southeast-1")?.build()?;
//!
//! // Or spelled out.
//! let client = Client::builder(restrait_runtime::auth::region_endpoint("iam", "cn-north-4"))
//!     .access_key("HPUAL3KD6ZZ6CZ3W7UXQ", std::env::var("SK")?)
//!     .project_id("0a1b2c3d4e5f60718293a4b5c6d7e8f9")
//!     .build()?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! [`Signer`] is the signature on its own, for requests sent some other way.
//!
//! Secrets (the token, the secret key, the security token) are kept in
//! [`Secret`](crate::Secret): no `Debug`, `Display`, error message or log line shows them, and
//! the headers that carry them are marked sensitive.

mod builder;
mod canonical;
mod credentials;
mod endpoint;
mod env;
mod signer;

pub(crate) use builder::{Auth, AuthConfig};
pub use credentials::{AccessKey, Credentials};
pub use endpoint::{
    DEFAULT_DOMAIN, region_endpoint, region_endpoint_from_env, region_override_variable,
};
pub use env::{
    ACCESS_KEY_VAR, ENDPOINT_VAR, EnvConfig, EnvError, PROJECT_ID_VAR, SECRET_KEY_VAR,
    SECURITY_TOKEN_VAR,
};
pub use signer::{SignError, Signer};
