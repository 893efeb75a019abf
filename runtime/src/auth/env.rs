//! Credentials and endpoint from environment variables, named as Huawei Cloud's SDKs name them.

use std::env::VarError;

use super::credentials::{AccessKey, Credentials};

/// The access key id (AK).
pub const ACCESS_KEY_VAR: &str = "HUAWEICLOUD_SDK_AK";
/// The secret access key (SK).
pub const SECRET_KEY_VAR: &str = "HUAWEICLOUD_SDK_SK";
/// The security token of temporary credentials; optional.
pub const SECURITY_TOKEN_VAR: &str = "HUAWEICLOUD_SDK_SECURITY_TOKEN";
/// The project id that fills `<project_id>` and is sent as `X-Project-Id`; optional.
pub const PROJECT_ID_VAR: &str = "HUAWEICLOUD_SDK_PROJECT_ID";
/// The base URL of the service, such as `https://workspace.ap-southeast-1.myhuaweicloud.com`.
/// This one is restrait's own: the official SDKs pick endpoints by region in code.
pub const ENDPOINT_VAR: &str = "RESTRAIT_ENDPOINT";

/// Settings read from the environment: an access key pair, and optionally a security token, a
/// project id and an endpoint.
///
/// The variables are those the official SDKs read (`HUAWEICLOUD_SDK_AK`, `HUAWEICLOUD_SDK_SK`,
/// `HUAWEICLOUD_SDK_SECURITY_TOKEN`, `HUAWEICLOUD_SDK_PROJECT_ID`) and restrait's
/// `RESTRAIT_ENDPOINT`. A variable set to the empty string counts as unset; the Python SDK
/// would send an empty `HUAWEICLOUD_SDK_SECURITY_TOKEN` as an empty `X-Security-Token`, which
/// turns valid permanent keys into refused temporary ones.
///
/// ```
/// use restrait_runtime::auth::EnvConfig;
///
/// let config = EnvConfig::from_lookup(|name| match name {
///     "HUAWEICLOUD_SDK_AK" => Some("HPUAL3KD6ZZ6CZ3W7UXQ".to_owned()),
///     _ => None,
/// });
/// let error = config.unwrap_err();
/// assert_eq!(error.variable(), "HUAWEICLOUD_SDK_SK");
/// ```
#[derive(Clone, Debug)]
pub struct EnvConfig {
    key: AccessKey,
    project_id: Option<String>,
    endpoint: Option<String>,
}

impl EnvConfig {
    /// Reads the process environment. Fails, naming the variable, when the AK or the SK is
    /// missing or a variable is not valid Unicode.
    pub fn from_env() -> Result<EnvConfig, EnvError> {
        EnvConfig::read(|name| match std::env::var(name) {
            Ok(value) => Ok(Some(value)),
            Err(VarError::NotPresent) => Ok(None),
            Err(VarError::NotUnicode(_)) => Err(EnvError {
                variable: name,
                kind: Kind::Unicode,
            }),
        })
    }

    /// Reads the variables through `lookup` instead of the process environment, for settings
    /// kept elsewhere (a `.env` file, a test).
    pub fn from_lookup(mut lookup: impl FnMut(&str) -> Option<String>) -> Result<Self, EnvError> {
        EnvConfig::read(|name| Ok(lookup(name)))
    }

    fn read(
        mut lookup: impl FnMut(&'static str) -> Result<Option<String>, EnvError>,
    ) -> Result<EnvConfig, EnvError> {
        let mut get = |name| Ok(lookup(name)?.filter(|value: &String| !value.is_empty()));
        let id = get(ACCESS_KEY_VAR)?;
        let secret = get(SECRET_KEY_VAR)?;
        let token = get(SECURITY_TOKEN_VAR)?;
        let project_id = get(PROJECT_ID_VAR)?;
        let endpoint = get(ENDPOINT_VAR)?;
        let (id, secret) = match (id, secret) {
            (Some(id), Some(secret)) => (id, secret),
            (None, _) => {
                return Err(EnvError {
                    variable: ACCESS_KEY_VAR,
                    kind: Kind::Missing,
                });
            }
            (Some(_), None) => {
                return Err(EnvError {
                    variable: SECRET_KEY_VAR,
                    kind: Kind::Missing,
                });
            }
        };
        let mut key = AccessKey::new(id, secret);
        if let Some(token) = token {
            key = key.with_security_token(token);
        }
        Ok(EnvConfig {
            key,
            project_id,
            endpoint,
        })
    }

    /// The access key pair, temporary when a security token was set.
    pub fn access_key(&self) -> &AccessKey {
        &self.key
    }

    /// The credentials to give a client builder.
    pub fn credentials(&self) -> Credentials {
        Credentials::AccessKey(self.key.clone())
    }

    /// The project id, when `HUAWEICLOUD_SDK_PROJECT_ID` is set.
    pub fn project_id(&self) -> Option<&str> {
        self.project_id.as_deref()
    }

    /// The endpoint, when `RESTRAIT_ENDPOINT` is set.
    pub fn endpoint(&self) -> Option<&str> {
        self.endpoint.as_deref()
    }

    /// The endpoint, or an error naming `RESTRAIT_ENDPOINT` when it is not set.
    pub fn require_endpoint(&self) -> Result<&str, EnvError> {
        self.endpoint().ok_or(EnvError {
            variable: ENDPOINT_VAR,
            kind: Kind::Missing,
        })
    }
}

/// A needed environment variable is missing or unreadable. The message names the variable and
/// never shows a value.
#[derive(Debug, Clone, thiserror::Error)]
#[error("the environment variable `{variable}` {kind}")]
pub struct EnvError {
    variable: &'static str,
    kind: Kind,
}

impl EnvError {
    /// The name of the variable, such as `HUAWEICLOUD_SDK_SK`.
    pub fn variable(&self) -> &'static str {
        self.variable
    }
}

#[derive(Debug, Clone, Copy, thiserror::Error)]
enum Kind {
    #[error("is not set")]
    Missing,
    #[error("is not valid Unicode")]
    Unicode,
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn read(vars: &[(&str, &str)]) -> Result<EnvConfig, EnvError> {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        EnvConfig::from_lookup(|name| vars.get(name).cloned())
    }

    #[test]
    fn the_missing_variable_is_named() {
        let missing = |vars: &[(&str, &str)]| read(vars).unwrap_err().to_string();
        assert_eq!(
            missing(&[]),
            "the environment variable `HUAWEICLOUD_SDK_AK` is not set"
        );
        assert_eq!(
            missing(&[(ACCESS_KEY_VAR, "ak")]),
            "the environment variable `HUAWEICLOUD_SDK_SK` is not set"
        );
        // An empty value is no value.
        let error = read(&[(ACCESS_KEY_VAR, ""), (SECRET_KEY_VAR, "sk")]).unwrap_err();
        assert_eq!(error.variable(), ACCESS_KEY_VAR);
        let config = read(&[(ACCESS_KEY_VAR, "ak"), (SECRET_KEY_VAR, "sk")]).unwrap();
        let error = config.require_endpoint().unwrap_err();
        assert_eq!(error.variable(), ENDPOINT_VAR);
    }

    #[test]
    fn optional_variables_are_read() {
        let config = read(&[
            (ACCESS_KEY_VAR, "ak"),
            (SECRET_KEY_VAR, "the-sk"),
            (SECURITY_TOKEN_VAR, "the-token"),
            (PROJECT_ID_VAR, "p1"),
            (ENDPOINT_VAR, "https://iam.example.com"),
        ])
        .unwrap();
        assert_eq!(config.access_key().id(), "ak");
        assert_eq!(
            config.access_key().security_token().unwrap().expose(),
            "the-token"
        );
        assert_eq!(config.project_id(), Some("p1"));
        assert_eq!(
            config.require_endpoint().unwrap(),
            "https://iam.example.com"
        );
        let shown = format!("{config:?}");
        assert!(
            !shown.contains("the-sk") && !shown.contains("the-token"),
            "{shown}"
        );
    }
}
