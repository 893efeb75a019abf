//! A string that never shows itself.

use std::fmt;

use zeroize::Zeroize;

/// A credential (token, secret key, security token) that is redacted in `Debug` and `Display`
/// and overwritten with zeros when dropped.
///
/// The value is reachable only through [`Secret::expose`], so every place that reads it is
/// visible in the code.
///
/// ```
/// use restrait_runtime::Secret;
///
/// let token = Secret::from("s3cr3t");
/// assert_eq!(format!("{token:?} {token}"), "Secret(\"[redacted]\") [redacted]");
/// assert_eq!(token.expose(), "s3cr3t");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The value itself; every call is a place where the secret may leave the program.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl Drop for Secret {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Secret").field(&"[redacted]").finish()
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret(value.to_owned())
    }
}
