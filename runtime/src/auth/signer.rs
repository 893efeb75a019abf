//! The `SDK-HMAC-SHA256` and `V11-HMAC-SHA256` request signatures.

use std::time::{SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use hkdf::Hkdf;
use hmac::{Hmac, KeyInit, Mac};
use http::header::{AUTHORIZATION, HOST};
use http::uri::{PathAndQuery, Uri};
use http::{HeaderMap, HeaderName, HeaderValue, Method};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use zeroize::Zeroizing;

use super::canonical::{self, CONTENT_SHA256, Payload, UNSIGNED_PAYLOAD, hex_into};
use super::credentials::AccessKey;

/// The header with the signing time, `YYYYMMDDTHHMMSSZ` in UTC.
pub(crate) const SDK_DATE: HeaderName = HeaderName::from_static("x-sdk-date");
/// The header that carries the project id, as the official SDKs send it.
pub(crate) const PROJECT_ID: HeaderName = HeaderName::from_static("x-project-id");
/// The header that carries the security token of temporary credentials.
pub(crate) const SECURITY_TOKEN: HeaderName = HeaderName::from_static("x-security-token");

const PLAIN: &str = "SDK-HMAC-SHA256";
const DERIVED: &str = "V11-HMAC-SHA256";

/// Signs requests with an access key pair, the way Huawei Cloud's API gateway checks them.
///
/// By default the signature is `SDK-HMAC-SHA256`, keyed with the secret key itself;
/// [`Signer::with_derived_key`] switches to `V11-HMAC-SHA256`, keyed with a key derived for
/// one day, region and service, which the gateway accepts for services that ask for it.
///
/// Signing a request adds `X-Sdk-Date`, `Host` when missing, `X-Project-Id` when a project id
/// is set, `X-Security-Token` for temporary credentials, `X-Sdk-Content-Sha256:
/// UNSIGNED-PAYLOAD` for bodies that are not JSON, and the `Authorization` header; it trims
/// header values and rewrites the query into its canonical order. The result is what the
/// official Python SDK (`huaweicloudsdkcore`) sends for the same request, byte for byte.
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
///
/// use restrait_runtime::auth::{AccessKey, Signer};
///
/// let signer = Signer::new(AccessKey::new("HPUAL3KD6ZZ6CZ3W7UXQ", "my secret key"))
///     .with_project_id("0a1b2c3d4e5f60718293a4b5c6d7e8f9");
/// let mut request = http::Request::get("https://iam.myhuaweicloud.com/v3/projects?b=2&a=1")
///     .body(Vec::new())?;
/// signer.sign(&mut request, UNIX_EPOCH + Duration::from_secs(1_700_000_000))?;
///
/// assert_eq!(request.uri(), "https://iam.myhuaweicloud.com/v3/projects?a=1&b=2");
/// assert_eq!(request.headers()["x-sdk-date"], "20231114T221320Z");
/// let authorization = request.headers()["authorization"].to_str()?;
/// assert!(authorization.starts_with(
///     "SDK-HMAC-SHA256 Access=HPUAL3KD6ZZ6CZ3W7UXQ, \
///      SignedHeaders=host;x-project-id;x-sdk-date, Signature="
/// ));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct Signer {
    key: AccessKey,
    project_id: Option<String>,
    scope: Option<Scope>,
}

/// Where a derived key is valid.
#[derive(Clone, Debug)]
struct Scope {
    region: String,
    service: String,
}

impl Signer {
    /// A signer for `SDK-HMAC-SHA256` with `key`.
    pub fn new(key: AccessKey) -> Self {
        Signer {
            key,
            project_id: None,
            scope: None,
        }
    }

    /// Sends `X-Project-Id: project_id` with every signed request, as the official SDKs do for
    /// regional services. An empty id sends nothing.
    pub fn with_project_id(mut self, project_id: impl Into<String>) -> Self {
        self.project_id = Some(project_id.into()).filter(|id| !id.is_empty());
        self
    }

    /// Signs with `V11-HMAC-SHA256`: the key is derived from the secret key for the day of the
    /// signature, `region` (such as `ap-southeast-1`) and `service` (such as `workspace`).
    pub fn with_derived_key(
        mut self,
        region: impl Into<String>,
        service: impl Into<String>,
    ) -> Self {
        self.scope = Some(Scope {
            region: region.into(),
            service: service.into(),
        });
        self
    }

    /// The key pair.
    pub fn access_key(&self) -> &AccessKey {
        &self.key
    }

    /// The name of the signature: `SDK-HMAC-SHA256` or `V11-HMAC-SHA256`.
    pub fn algorithm(&self) -> &'static str {
        if self.scope.is_some() { DERIVED } else { PLAIN }
    }

    /// Signs `request` as made at `at`; see the type's documentation for what changes.
    ///
    /// The URI must be absolute, or the request must have a `Host` header. Sign again for each
    /// attempt to send: the gateway refuses a signature older than a few minutes, and signing
    /// replaces a previous `Authorization` and `X-Sdk-Date`. After an error the request may
    /// hold some of the added headers but no `Authorization`; it is not to be sent.
    pub fn sign<B: AsRef<[u8]>>(
        &self,
        request: &mut http::Request<B>,
        at: SystemTime,
    ) -> Result<(), SignError> {
        // The body is read before the headers are borrowed for writing.
        let payload = Payload::of(request.headers(), request.body().as_ref());
        let method = request.method().clone();
        let mut uri = std::mem::take(request.uri_mut());
        let result = self.sign_with(&method, &mut uri, request.headers_mut(), &payload, at);
        *request.uri_mut() = uri;
        result
    }

    /// Signs a request given as its head and body, for transports that keep the two apart.
    pub fn sign_parts(
        &self,
        parts: &mut http::request::Parts,
        body: &[u8],
        at: SystemTime,
    ) -> Result<(), SignError> {
        let payload = Payload::of(&parts.headers, body);
        self.sign_with(
            &parts.method,
            &mut parts.uri,
            &mut parts.headers,
            &payload,
            at,
        )
    }

    /// Checks that every credential can be written where it goes, without signing anything.
    pub(crate) fn validate(&self) -> Result<(), SignError> {
        let fail = |kind| Err(SignError { kind });
        if self.key.id().is_empty() {
            return fail(SignErrorKind::EmptyAccessKeyId);
        }
        // The id goes into `Authorization` between `Access=` and `,`.
        if !self
            .key
            .id()
            .bytes()
            .all(|b| b.is_ascii_graphic() && b != b',' && b != b'/')
        {
            return fail(SignErrorKind::InvalidAccessKeyId);
        }
        if self.key.secret().expose().is_empty() {
            return fail(SignErrorKind::EmptySecretKey);
        }
        if let Some(token) = self.key.security_token()
            && !canonical::is_header_text(token.expose())
        {
            return fail(SignErrorKind::InvalidSecurityToken);
        }
        if let Some(id) = &self.project_id
            && !canonical::is_header_text(id)
        {
            return fail(SignErrorKind::InvalidProjectId);
        }
        if let Some(scope) = &self.scope {
            let word = |text: &str| {
                !text.is_empty() && text.bytes().all(|b| b.is_ascii_graphic() && b != b'/')
            };
            if !word(&scope.region) || !word(&scope.service) {
                return fail(SignErrorKind::InvalidScope);
            }
        }
        Ok(())
    }

    /// The signing itself; `payload` was taken from the body before the headers were borrowed.
    pub(crate) fn sign_with(
        &self,
        method: &Method,
        uri: &mut Uri,
        headers: &mut HeaderMap,
        payload: &Payload,
        at: SystemTime,
    ) -> Result<(), SignError> {
        self.validate()?;
        let date = BasicDate::new(at)?;

        // The headers the official SDK adds before it signs, in its order. The SDK would sign
        // an `Authorization` already present and then overwrite it, a signature the gateway
        // cannot check; dropping it lets a request be signed again.
        headers.remove(AUTHORIZATION);
        if let Some(id) = &self.project_id {
            headers.insert(
                PROJECT_ID,
                header_value(id, SignErrorKind::InvalidProjectId)?,
            );
        }
        if let Some(token) = self.key.security_token() {
            let mut value = header_value(token.expose(), SignErrorKind::InvalidSecurityToken)?;
            value.set_sensitive(true);
            headers.insert(SECURITY_TOKEN, value);
        }
        if payload.unsigned {
            headers.insert(CONTENT_SHA256, HeaderValue::from_static(UNSIGNED_PAYLOAD));
        }
        // The SDK keeps a caller's `X-Sdk-Date` and signs with that time; here `at` is how a
        // caller fixes the time, so a stale date from an earlier attempt never survives.
        headers.insert(SDK_DATE, header_value(date.full(), SignErrorKind::Time)?);
        if !headers.contains_key(HOST) {
            let authority = uri.authority().ok_or(SignError {
                kind: SignErrorKind::NoHost,
            })?;
            let host = header_value(canonical::host(authority), SignErrorKind::NoHost)?;
            headers.insert(HOST, host);
        }
        canonical::trim_values(headers);

        let query = uri.query().map(canonical::query).unwrap_or_default();
        let names = canonical::signed_names(headers);
        let mut signed_headers = String::with_capacity(names.len() * 16);
        for (i, name) in names.iter().enumerate() {
            if i > 0 {
                signed_headers.push(';');
            }
            signed_headers.push_str(name.as_str());
        }

        let mut hasher = Sha256::new();
        canonical::method(method, &mut hasher);
        hasher.update(b"\n");
        canonical::uri(uri.path(), &mut hasher);
        hasher.update(b"\n");
        hasher.update(query.as_bytes());
        hasher.update(b"\n");
        canonical::headers(headers, &names, &mut hasher);
        hasher.update(signed_headers.as_bytes());
        hasher.update(b"\n");
        hasher.update(payload.hash(headers));
        let mut request_hash = [0; 64];
        hex_into(&hasher.finalize(), &mut request_hash);

        let scope = self
            .scope
            .as_ref()
            .map(|scope| format!("{}/{}/{}", date.day(), scope.region, scope.service));
        let mut mac = match &scope {
            None => keyed(self.key.secret().expose().as_bytes())?,
            Some(scope) => keyed(&*self.derived_key(scope)?)?,
        };
        mac.update(self.algorithm().as_bytes());
        mac.update(b"\n");
        mac.update(date.full().as_bytes());
        mac.update(b"\n");
        if let Some(scope) = &scope {
            mac.update(scope.as_bytes());
            mac.update(b"\n");
        }
        mac.update(&request_hash);
        let mut signature = [0; 64];
        hex_into(&mac.finalize().into_bytes(), &mut signature);
        let signature = std::str::from_utf8(&signature).unwrap_or_default();

        let id = self.key.id();
        let authorization = match &scope {
            None => format!(
                "{PLAIN} Access={id}, SignedHeaders={signed_headers}, Signature={signature}"
            ),
            Some(scope) => format!(
                "{DERIVED} Credential={id}/{scope}, SignedHeaders={signed_headers}, \
                 Signature={signature}"
            ),
        };
        tracing::debug!(
            algorithm = self.algorithm(),
            date = date.full(),
            signed_headers,
            "signed request"
        );
        let mut authorization = header_value(&authorization, SignErrorKind::InvalidAccessKeyId)?;
        // A signature can be replayed until it expires: keep it out of logs and HPACK tables.
        authorization.set_sensitive(true);

        // An empty query goes without its `?`, as the SDK sends it.
        if uri
            .query()
            .is_some_and(|original| original != query || query.is_empty())
        {
            set_query(uri, &query)?;
        }
        headers.insert(AUTHORIZATION, authorization);
        Ok(())
    }

    /// The `V11-HMAC-SHA256` key for `scope` (`YYYYMMDD/region/service`): HKDF-SHA256 with the
    /// access key id as salt, the secret key as input and `scope` as info, 32 bytes.
    ///
    /// The SDK then keys the HMAC with the lowercase hex text of those bytes rather than with
    /// the bytes; the gateway checks exactly that, so the hex is the key here too.
    fn derived_key(&self, scope: &str) -> Result<Zeroizing<[u8; 64]>, SignError> {
        let hkdf = Hkdf::<Sha256>::new(
            Some(self.key.id().as_bytes()),
            self.key.secret().expose().as_bytes(),
        );
        let mut okm = Zeroizing::new([0; 32]);
        hkdf.expand(scope.as_bytes(), &mut *okm)
            .map_err(|_| SignError {
                kind: SignErrorKind::InvalidScope,
            })?;
        let mut hex = Zeroizing::new([0; 64]);
        hex_into(&*okm, &mut *hex);
        Ok(hex)
    }
}

fn keyed(key: &[u8]) -> Result<Hmac<Sha256>, SignError> {
    // HMAC takes keys of any length; the error exists only for fixed-size MACs.
    <Hmac<Sha256> as KeyInit>::new_from_slice(key).map_err(|_| SignError {
        kind: SignErrorKind::EmptySecretKey,
    })
}

fn header_value(text: &str, kind: SignErrorKind) -> Result<HeaderValue, SignError> {
    HeaderValue::from_str(text).map_err(|_| SignError { kind })
}

/// Replaces the query of `uri` with `query`, dropping the `?` when it is empty, as the SDK
/// sends it.
fn set_query(uri: &mut Uri, query: &str) -> Result<(), SignError> {
    let path = uri.path();
    let mut text = String::with_capacity(path.len() + 1 + query.len());
    text.push_str(path);
    if !query.is_empty() {
        text.push('?');
        text.push_str(query);
    }
    let mut parts = std::mem::take(uri).into_parts();
    let fail = |_| SignError {
        kind: SignErrorKind::Uri,
    };
    parts.path_and_query = Some(PathAndQuery::from_maybe_shared(Bytes::from(text)).map_err(fail)?);
    *uri = Uri::from_parts(parts).map_err(|_| SignError {
        kind: SignErrorKind::Uri,
    })?;
    Ok(())
}

/// The signing time as `YYYYMMDDTHHMMSSZ`; its first eight characters are the day.
struct BasicDate([u8; 16]);

impl BasicDate {
    fn new(at: SystemTime) -> Result<BasicDate, SignError> {
        let out_of_range = SignError {
            kind: SignErrorKind::Time,
        };
        // Whole seconds, rounded down, also before 1970.
        let seconds = match at.duration_since(UNIX_EPOCH) {
            Ok(after) => i64::try_from(after.as_secs()).ok(),
            Err(before) => {
                let before = before.duration();
                i64::try_from(before.as_secs())
                    .ok()
                    .map(|s| -s - i64::from(before.subsec_nanos() > 0))
            }
        };
        let time = seconds
            .and_then(|s| OffsetDateTime::from_unix_timestamp(s).ok())
            .filter(|t| (0..=9999).contains(&t.year()))
            .ok_or(out_of_range)?;
        let mut out = [0; 16];
        let fields = [
            (0, 4, time.year() as u32),
            (4, 2, u32::from(u8::from(time.month()))),
            (6, 2, u32::from(time.day())),
            (9, 2, u32::from(time.hour())),
            (11, 2, u32::from(time.minute())),
            (13, 2, u32::from(time.second())),
        ];
        for (start, width, mut value) in fields {
            for slot in out[start..start + width].iter_mut().rev() {
                *slot = b'0' + (value % 10) as u8;
                value /= 10;
            }
        }
        out[8] = b'T';
        out[15] = b'Z';
        Ok(BasicDate(out))
    }

    fn full(&self) -> &str {
        // Only ASCII digits and letters were written.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }

    fn day(&self) -> &str {
        &self.full()[..8]
    }
}

/// A request could not be signed. The message names the culprit, never its value.
#[derive(Debug, Clone, thiserror::Error)]
#[error("cannot sign the request: {kind}")]
pub struct SignError {
    kind: SignErrorKind,
}

impl SignError {
    /// A URL that did not read as a URI, which a valid `Url` never is.
    pub(crate) fn uri() -> SignError {
        SignError {
            kind: SignErrorKind::Uri,
        }
    }
}

#[derive(Debug, Clone, Copy, thiserror::Error)]
enum SignErrorKind {
    #[error("the access key id (AK) is empty")]
    EmptyAccessKeyId,
    #[error("the access key id (AK) may hold only visible ASCII characters other than `,` and `/`")]
    InvalidAccessKeyId,
    #[error("the secret access key (SK) is empty")]
    EmptySecretKey,
    #[error("the security token is not a valid header value (control characters?)")]
    InvalidSecurityToken,
    #[error("the project id is not a valid header value (control characters?)")]
    InvalidProjectId,
    #[error("the region and service of a derived key must be non-empty visible ASCII without `/`")]
    InvalidScope,
    #[error("the request has no host: give it an absolute URI or a `Host` header")]
    NoHost,
    #[error("the signing time is outside the years 0 to 9999")]
    Time,
    #[error("the URL with its canonical query is not a valid URI")]
    Uri,
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn date(seconds: i64) -> String {
        let at = if seconds >= 0 {
            UNIX_EPOCH + Duration::from_secs(seconds.unsigned_abs())
        } else {
            UNIX_EPOCH - Duration::from_secs(seconds.unsigned_abs())
        };
        BasicDate::new(at)
            .map(|d| d.full().to_owned())
            .unwrap_or_default()
    }

    #[test]
    fn dates_are_utc_whole_seconds() {
        assert_eq!(date(0), "19700101T000000Z");
        assert_eq!(date(1_700_000_000), "20231114T221320Z");
        assert_eq!(date(-1), "19691231T235959Z");
        let almost = UNIX_EPOCH + Duration::from_millis(1_735_689_599_999);
        assert_eq!(BasicDate::new(almost).unwrap().full(), "20241231T235959Z");
        assert_eq!(BasicDate::new(almost).unwrap().day(), "20241231");
    }

    #[test]
    fn bad_credentials_are_named_not_shown() {
        let check = |signer: Signer| signer.validate().unwrap_err().to_string();
        let key = |id: &str, secret: &str| AccessKey::new(id, secret);
        assert!(check(Signer::new(key("", "sk"))).contains("(AK) is empty"));
        assert!(check(Signer::new(key("a,b", "sk"))).contains("(AK) may hold"));
        assert!(check(Signer::new(key("ak", ""))).contains("(SK) is empty"));
        let token = key("ak", "sk").with_security_token("s3cr3t\nvalue");
        let message = check(Signer::new(token));
        assert!(message.contains("security token") && !message.contains("s3cr3t"));
        assert!(check(Signer::new(key("ak", "sk")).with_derived_key("", "iam")).contains("region"));
    }

    #[test]
    fn a_relative_uri_needs_a_host_header() {
        let signer = Signer::new(AccessKey::new("ak", "sk"));
        let mut request = http::Request::get("/v3/projects").body(Vec::new()).unwrap();
        let error = signer.sign(&mut request, UNIX_EPOCH).unwrap_err();
        assert!(error.to_string().contains("no host"));
        request
            .headers_mut()
            .insert(HOST, HeaderValue::from_static("iam.example.com"));
        signer.sign(&mut request, UNIX_EPOCH).unwrap();
    }

    #[test]
    fn an_empty_query_loses_its_question_mark() {
        let signer = Signer::new(AccessKey::new("ak", "sk"));
        let mut request = http::Request::get("https://h/x?").body(Vec::new()).unwrap();
        signer.sign(&mut request, UNIX_EPOCH).unwrap();
        assert_eq!(request.uri(), "https://h/x");
        let mut request = http::Request::get("https://h/x?&")
            .body(Vec::new())
            .unwrap();
        signer.sign(&mut request, UNIX_EPOCH).unwrap();
        assert_eq!(request.uri(), "https://h/x");
    }

    #[test]
    fn signing_twice_replaces_the_first_signature() {
        let signer = Signer::new(AccessKey::new("ak", "sk"));
        let mut request = http::Request::post("https://h/x")
            .body(b"{}".to_vec())
            .unwrap();
        signer.sign(&mut request, UNIX_EPOCH).unwrap();
        let mut again = request.clone();
        signer.sign(&mut again, UNIX_EPOCH).unwrap();
        assert_eq!(request.headers(), again.headers());
        signer
            .sign(&mut again, UNIX_EPOCH + Duration::from_secs(1))
            .unwrap();
        assert_ne!(
            request.headers()["authorization"],
            again.headers()["authorization"]
        );
        assert_eq!(again.headers().get_all(AUTHORIZATION).iter().count(), 1);
    }
}
