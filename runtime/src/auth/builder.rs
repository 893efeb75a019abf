//! Credentials on the client builder, and what the client does with them on each attempt.

use std::fmt;
use std::time::SystemTime;

use bytes::Bytes;
use http::{HeaderMap, HeaderName, HeaderValue, Method};
use reqwest::Url;

use super::canonical::Payload;
use super::credentials::{AccessKey, Credentials};
use super::endpoint::region_endpoint_from_env;
use super::env::{EnvConfig, EnvError};
use super::signer::{PROJECT_ID, Signer};
use crate::client::{Client, ClientBuilder};
use crate::error::{ConfigErrorKind, Error};
use crate::secret::Secret;

/// The header that carries a token.
const AUTH_TOKEN: HeaderName = HeaderName::from_static("x-auth-token");

/// What a [`ClientBuilder`] has been told about authentication.
#[derive(Clone, Default)]
pub(crate) struct AuthConfig {
    pub(crate) credentials: Option<Credentials>,
    derived: Option<(String, String)>,
}

impl fmt::Debug for AuthConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `Credentials` shows its secrets redacted.
        f.debug_struct("Auth")
            .field("credentials", &self.credentials)
            .field("derived_key", &self.derived)
            .finish()
    }
}

impl AuthConfig {
    /// Checks the credentials and prepares what every request needs.
    pub(crate) fn build(self, project_id: Option<&str>) -> Result<Auth, Error> {
        let project_id = project_id.filter(|id| !id.is_empty());
        match (self.credentials, self.derived) {
            (None, None) => Ok(Auth::None),
            (Some(Credentials::Token(token)), None) => {
                let mut value =
                    HeaderValue::from_str(token.expose()).map_err(|_| ConfigErrorKind::Token)?;
                value.set_sensitive(true);
                let project_id = match project_id {
                    Some(id) => Some(HeaderValue::from_str(id).map_err(|_| {
                        ConfigErrorKind::HeaderValue {
                            name: PROJECT_ID.to_string(),
                        }
                    })?),
                    None => None,
                };
                Ok(Auth::Token {
                    token: value,
                    project_id,
                })
            }
            (Some(Credentials::AccessKey(key)), derived) => {
                let mut signer = Signer::new(key);
                if let Some(id) = project_id {
                    signer = signer.with_project_id(id);
                }
                if let Some((region, service)) = derived {
                    signer = signer.with_derived_key(region, service);
                }
                signer.validate().map_err(ConfigErrorKind::Credentials)?;
                Ok(Auth::Signed(Box::new(signer)))
            }
            (_, Some(_)) => Err(ConfigErrorKind::DerivedKeyWithoutAccessKey.into()),
        }
    }
}

/// How a [`Client`] authenticates each attempt.
pub(crate) enum Auth {
    /// Nothing is added.
    None,
    /// `X-Auth-Token`, and `X-Project-Id` when a project id is set.
    Token {
        token: HeaderValue,
        project_id: Option<HeaderValue>,
    },
    /// A fresh signature, which adds `X-Project-Id` itself.
    Signed(Box<Signer>),
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Auth::None => f.write_str("None"),
            // Shown as a `Secret` shows itself.
            Auth::Token { project_id, .. } => f
                .debug_struct("Token")
                .field("token", &"[redacted]")
                .field("project_id", project_id)
                .finish(),
            Auth::Signed(signer) => signer.fmt(f),
        }
    }
}

impl Auth {
    /// Authenticates one attempt to send a request to `url`. With an access key the query of
    /// `url` is rewritten into its canonical order, as the official SDK sends it.
    pub(crate) fn apply(
        &self,
        method: &Method,
        url: &mut Url,
        headers: &mut HeaderMap,
        body: Option<&Bytes>,
    ) -> Result<(), Error> {
        match self {
            Auth::None => Ok(()),
            Auth::Token { token, project_id } => {
                headers.insert(AUTH_TOKEN, token.clone());
                if let Some(id) = project_id {
                    headers.insert(PROJECT_ID, id.clone());
                }
                Ok(())
            }
            Auth::Signed(signer) => {
                let body = body.map_or(&[][..], |body| &body[..]);
                let payload = Payload::of(headers, body);
                // The signature covers the URL as reqwest will send it, after its own
                // normalization, so it reads the same parsed `Url`.
                signer
                    .sign_url(method, url, headers, &payload, SystemTime::now())
                    .map_err(ConfigErrorKind::Credentials)?;
                Ok(())
            }
        }
    }
}

/// Credentials for [`Client`]; the credential setters replace one another.
impl ClientBuilder {
    /// Authenticates with `credentials`: a token, or an access key pair that signs each attempt.
    pub fn credentials(mut self, credentials: impl Into<Credentials>) -> Self {
        self.auth.credentials = Some(credentials.into());
        self
    }

    /// Signs every attempt with the access key pair `id` (AK) and `secret` (SK), as
    /// `SDK-HMAC-SHA256` unless [`ClientBuilder::derived_key`] is set. For temporary
    /// credentials, pass an [`AccessKey`] with its security token to
    /// [`ClientBuilder::credentials`].
    pub fn access_key(self, id: impl Into<String>, secret: impl Into<Secret>) -> Self {
        self.credentials(AccessKey::new(id, secret))
    }

    /// Signs with `V11-HMAC-SHA256`, keyed for `region` and `service`, instead of
    /// `SDK-HMAC-SHA256`; see [`Signer::with_derived_key`]. Needs an access key.
    pub fn derived_key(mut self, region: impl Into<String>, service: impl Into<String>) -> Self {
        self.auth.derived = Some((region.into(), service.into()));
        self
    }

    /// A builder for the endpoint in `RESTRAIT_ENDPOINT`, with the access key, security token
    /// and project id of the `HUAWEICLOUD_SDK_*` variables ([`EnvConfig`]). Fails, naming the
    /// variable, when the endpoint, the AK or the SK is missing.
    pub fn from_env() -> Result<ClientBuilder, EnvError> {
        let config = EnvConfig::from_env()?;
        let endpoint = config.require_endpoint()?.to_owned();
        Ok(ClientBuilder::with_env_config(endpoint, config))
    }

    /// Like [`ClientBuilder::from_env`], but when `RESTRAIT_ENDPOINT` is not set the endpoint
    /// is that of `service` in `region` ([`region_endpoint_from_env`]).
    pub fn from_env_for_region(service: &str, region: &str) -> Result<ClientBuilder, EnvError> {
        let config = EnvConfig::from_env()?;
        let endpoint = match config.endpoint() {
            Some(endpoint) => endpoint.to_owned(),
            None => region_endpoint_from_env(service, region),
        };
        Ok(ClientBuilder::with_env_config(endpoint, config))
    }

    fn with_env_config(endpoint: String, config: EnvConfig) -> ClientBuilder {
        let mut builder = Client::builder(endpoint).credentials(config.credentials());
        if let Some(id) = config.project_id() {
            builder = builder.project_id(id);
        }
        builder
    }
}

#[cfg(test)]
mod tests {
    use crate::{Client, Error};

    fn config_error(builder: crate::ClientBuilder) -> String {
        match builder.build() {
            Err(Error::Config(error)) => error.to_string(),
            other => panic!("expected a configuration error, got {other:?}"),
        }
    }

    #[test]
    fn unusable_credentials_fail_the_build_by_name() {
        let builder = || Client::builder("https://iam.example.com");
        let derived = builder().token("t").derived_key("cn-north-4", "iam");
        assert!(config_error(derived).contains("derived signing key needs an access key"));
        let message = config_error(builder().access_key("HPUAL3KD6ZZ6CZ3W7UXQ", ""));
        assert!(message.contains("(SK) is empty"), "{message}");
        let message = config_error(builder().access_key("ak", "sk").derived_key("", "iam"));
        assert!(message.contains("region and service"), "{message}");
        let client = builder()
            .access_key("ak", "sk")
            .derived_key("cn-north-4", "iam")
            .build();
        assert!(client.is_ok());
    }
}
