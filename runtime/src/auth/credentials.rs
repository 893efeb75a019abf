//! What a client proves its identity with.

use crate::secret::Secret;

/// How requests are authenticated.
///
/// ```
/// use restrait_runtime::auth::{AccessKey, Credentials};
///
/// let token = Credentials::Token("MIIT0k...".into());
/// let key: Credentials = AccessKey::new("HPUAL3KD6ZZ6CZ3W7UXQ", "qcZ1gKW9bVk3").into();
/// let shown = format!("{token:?} {key:?}");
/// assert!(!shown.contains("MIIT0k") && !shown.contains("qcZ1gKW9bVk3"));
/// ```
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum Credentials {
    /// An IAM token, sent as `X-Auth-Token`.
    Token(Secret),
    /// An access key pair; each request is signed with it.
    AccessKey(AccessKey),
}

impl From<AccessKey> for Credentials {
    fn from(key: AccessKey) -> Self {
        Credentials::AccessKey(key)
    }
}

/// An access key pair (AK and SK), permanent or temporary.
///
/// Temporary credentials, as IAM's and STS's security-token APIs hand out, come with a security
/// token: set it with [`AccessKey::with_security_token`] and it is sent, signed, as
/// `X-Security-Token`.
///
/// `Debug` shows the access key id, which is not secret (it is in every `Authorization`
/// header), and hides the secret key and the security token.
#[derive(Clone, Debug)]
pub struct AccessKey {
    id: String,
    secret: Secret,
    security_token: Option<Secret>,
}

impl AccessKey {
    /// A permanent key pair: the access key id (AK) and the secret access key (SK).
    pub fn new(id: impl Into<String>, secret: impl Into<Secret>) -> Self {
        AccessKey {
            id: id.into(),
            secret: secret.into(),
            security_token: None,
        }
    }

    /// Makes these temporary credentials, valid together with `token`.
    pub fn with_security_token(mut self, token: impl Into<Secret>) -> Self {
        self.security_token = Some(token.into());
        self
    }

    /// The access key id (AK).
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The secret access key (SK).
    pub fn secret(&self) -> &Secret {
        &self.secret
    }

    /// The security token of temporary credentials.
    pub fn security_token(&self) -> Option<&Secret> {
        self.security_token.as_ref()
    }
}
