//! The `SDK-HMAC-SHA256` and `V11-HMAC-SHA256` request signatures.

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;
use std::time::{SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use hkdf::Hkdf;
use hmac::{Hmac, KeyInit, Mac};
use http::header::{AUTHORIZATION, HOST};
use http::uri::{PathAndQuery, Uri};
use http::{HeaderMap, HeaderName, HeaderValue, Method};
use reqwest::Url;
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use url::Position;
use zeroize::Zeroizing;

use super::canonical::{self, CONTENT_SHA256, Payload, SignedHeaders, UNSIGNED_PAYLOAD, hex_into};
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
#[derive(Clone)]
pub struct Signer {
    key: AccessKey,
    /// `X-Project-Id`, made a header value once rather than for every request; an id that
    /// cannot be one is kept as text for [`Signer::validate`] to report.
    project_id: Option<Result<HeaderValue, String>>,
    keying: Keying,
}

/// Where a derived key is valid.
#[derive(Clone, Debug)]
struct Scope {
    region: String,
    service: String,
}

/// The keyed state each signature starts from, computed once per signer: keying an HMAC costs
/// two SHA-256 compressions, and HKDF's extract step with the keying of its result six, each
/// as much work as hashing 64 bytes of the request, and none of it depends on the request.
///
/// These states sign as well as the key does, so they are kept like it: `Debug` leaves them
/// out, and the `zeroize` features of `sha2` and `hmac` overwrite their hash states and block
/// buffers when the signer, or the copy a signature works on, is dropped. Not overwritten,
/// because no safe API reaches them: the padded key block that `hmac` builds on its stack while
/// keying (once per signer, not per signature), the blocks `hkdf` computes on its stack, and
/// the copies that moves leave behind.
#[derive(Clone)]
enum Keying {
    /// `SDK-HMAC-SHA256`: HMAC keyed with the secret key.
    Plain(Hmac<Sha256>),
    /// `V11-HMAC-SHA256`: HKDF holding the pseudorandom key extracted from the secret key;
    /// each signature expands the key for its day from it.
    Derived { scope: Scope, hkdf: Hkdf<Sha256> },
}

impl fmt::Debug for Signer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The key shows its secrets redacted; the keyed states are not shown at all.
        let project_id = self.project_id.as_ref().map(|id| match id {
            Ok(value) => value as &dyn fmt::Debug,
            Err(text) => text,
        });
        f.debug_struct("Signer")
            .field("key", &self.key)
            .field("project_id", &project_id)
            .field("scope", &self.scope())
            .finish_non_exhaustive()
    }
}

impl Signer {
    /// A signer for `SDK-HMAC-SHA256` with `key`.
    pub fn new(key: AccessKey) -> Self {
        let mac = keyed(key.secret().expose().as_bytes());
        Signer {
            key,
            project_id: None,
            keying: Keying::Plain(mac),
        }
    }

    /// Sends `X-Project-Id: project_id` with every signed request, as the official SDKs do for
    /// regional services. An empty id sends nothing.
    pub fn with_project_id(mut self, project_id: impl Into<String>) -> Self {
        let id = project_id.into();
        self.project_id = if id.is_empty() {
            None
        } else {
            Some(HeaderValue::from_str(&id).map_err(|_| id))
        };
        self
    }

    /// Signs with `V11-HMAC-SHA256`: the key is derived from the secret key for the day of the
    /// signature, `region` (such as `ap-southeast-1`) and `service` (such as `workspace`).
    pub fn with_derived_key(
        mut self,
        region: impl Into<String>,
        service: impl Into<String>,
    ) -> Self {
        let hkdf = Hkdf::<Sha256>::new(
            Some(self.key.id().as_bytes()),
            self.key.secret().expose().as_bytes(),
        );
        let scope = Scope {
            region: region.into(),
            service: service.into(),
        };
        self.keying = Keying::Derived { scope, hkdf };
        self
    }

    /// The key pair.
    pub fn access_key(&self) -> &AccessKey {
        &self.key
    }

    /// The name of the signature: `SDK-HMAC-SHA256` or `V11-HMAC-SHA256`.
    pub fn algorithm(&self) -> &'static str {
        match self.keying {
            Keying::Plain(_) => PLAIN,
            Keying::Derived { .. } => DERIVED,
        }
    }

    fn scope(&self) -> Option<&Scope> {
        match &self.keying {
            Keying::Plain(_) => None,
            Keying::Derived { scope, .. } => Some(scope),
        }
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
        if let Some(Err(_)) = &self.project_id {
            return fail(SignErrorKind::InvalidProjectId);
        }
        if let Some(scope) = self.scope() {
            let word = |text: &str| {
                !text.is_empty() && text.bytes().all(|b| b.is_ascii_graphic() && b != b'/')
            };
            if !word(&scope.region) || !word(&scope.service) {
                return fail(SignErrorKind::InvalidScope);
            }
        }
        Ok(())
    }

    /// Signs a request given as parts of an `http` request; `payload` was taken from the body
    /// before the headers were borrowed.
    pub(crate) fn sign_with(
        &self,
        method: &Method,
        uri: &mut Uri,
        headers: &mut HeaderMap,
        payload: &Payload,
        at: SystemTime,
    ) -> Result<(), SignError> {
        let target = Target {
            path: uri.path(),
            query: uri.query(),
            host: uri.authority().map(canonical::host),
        };
        let signature = self.sign_target(method, &target, headers, payload, at)?;
        if let Some(query) = signature.query {
            set_query(uri, &query)?;
        }
        headers.insert(AUTHORIZATION, signature.authorization);
        Ok(())
    }

    /// Signs a request about to be sent to `url`, as [`Signer::sign_with`] does, without first
    /// turning the URL into a `Uri`: the signature reads the same path, query and host from the
    /// `Url` that the transport reads when it sends.
    pub(crate) fn sign_url(
        &self,
        method: &Method,
        url: &mut Url,
        headers: &mut HeaderMap,
        payload: &Payload,
        at: SystemTime,
    ) -> Result<(), SignError> {
        let target = Target {
            path: url.path(),
            query: url.query(),
            // The host and port as the URL is sent, without a user name or password.
            host: url
                .has_host()
                .then(|| &url[Position::BeforeHost..Position::AfterPort]),
        };
        let signature = self.sign_target(method, &target, headers, payload, at)?;
        if let Some(query) = signature.query {
            url.set_query((!query.is_empty()).then_some(query.as_str()));
        }
        headers.insert(AUTHORIZATION, signature.authorization);
        Ok(())
    }

    /// The signing itself: adds the headers the signature covers and returns what the caller
    /// puts on the request last, so that after an error there is no `Authorization`.
    fn sign_target(
        &self,
        method: &Method,
        target: &Target<'_>,
        headers: &mut HeaderMap,
        payload: &Payload,
        at: SystemTime,
    ) -> Result<Signature, SignError> {
        self.validate()?;
        let date = BasicDate::new(at)?;

        // The headers the official SDK adds before it signs, in its order. The SDK would sign
        // an `Authorization` already present and then overwrite it, a signature the gateway
        // cannot check; dropping it lets a request be signed again.
        headers.remove(AUTHORIZATION);
        if let Some(Ok(id)) = &self.project_id {
            headers.insert(PROJECT_ID, id.clone());
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
            let host = target.host.ok_or(SignError {
                kind: SignErrorKind::NoHost,
            })?;
            headers.insert(HOST, header_value(host, SignErrorKind::NoHost)?);
        }
        canonical::trim_values(headers);

        let query = target.query.map_or(Cow::Borrowed(""), canonical::query);
        let signed = SignedHeaders::of(headers);
        let authorization = Authorization::start(self, &date, &signed);

        // The canonical request goes straight into the hash, piece by piece.
        let mut hasher = Sha256::new();
        canonical::method(method, &mut hasher);
        hasher.update(b"\n");
        canonical::uri(target.path, &mut hasher);
        hasher.update(b"\n");
        hasher.update(query.as_bytes());
        hasher.update(b"\n");
        signed.write_lines(&mut hasher);
        hasher.update(authorization.signed_headers());
        hasher.update(b"\n");
        hasher.update(payload.hash(headers));
        let mut request_hash = [0; 64];
        hex_into(&hasher.finalize(), &mut request_hash);

        // The string to sign, straight into the MAC.
        let mut mac = match &self.keying {
            Keying::Plain(mac) => mac.clone(),
            Keying::Derived { hkdf, .. } => keyed(&*derived_key(hkdf, authorization.scope())?),
        };
        mac.update(self.algorithm().as_bytes());
        mac.update(b"\n");
        mac.update(date.full().as_bytes());
        mac.update(b"\n");
        if self.scope().is_some() {
            mac.update(authorization.scope());
            mac.update(b"\n");
        }
        mac.update(&request_hash);
        let mut signature = [0; 64];
        hex_into(&mac.finalize().into_bytes(), &mut signature);

        tracing::debug!(
            algorithm = self.algorithm(),
            date = date.full(),
            signed_headers =
                std::str::from_utf8(authorization.signed_headers()).unwrap_or_default(),
            "signed request"
        );
        let authorization = authorization.finish(&signature)?;
        // An empty query goes without its `?`, as the SDK sends it.
        let query = target
            .query
            .filter(|original| *original != query || query.is_empty())
            .map(|_| query.into_owned());
        Ok(Signature {
            authorization,
            query,
        })
    }
}

/// The parts of a request's URI that a signature reads.
struct Target<'a> {
    path: &'a str,
    query: Option<&'a str>,
    /// The host and port, for a `Host` header when the request has none.
    host: Option<&'a str>,
}

/// What a signature puts on the request besides the headers it covers.
struct Signature {
    authorization: HeaderValue,
    /// The canonical query, to be sent instead of the request's (without the `?` when empty).
    query: Option<String>,
}

/// Written between the credential and the signed header names in `Authorization`.
const SIGNED_HEADERS: &[u8] = b", SignedHeaders=";
/// Written before the signature in `Authorization`.
const SIGNATURE: &[u8] = b", Signature=";

/// The `Authorization` value, written into one buffer of its final size so that it becomes the
/// header value without a copy. The credential scope and the signed header names in it are
/// also lines of the string to sign and of the canonical request, which read them from here.
struct Authorization {
    text: Vec<u8>,
    scope: Range<usize>,
    signed_headers: Range<usize>,
}

impl Authorization {
    /// Everything up to the signature: `SDK-HMAC-SHA256 Access=<id>, SignedHeaders=<names>`, or
    /// `V11-HMAC-SHA256 Credential=<id>/<day>/<region>/<service>, SignedHeaders=<names>`.
    fn start(signer: &Signer, date: &BasicDate, signed: &SignedHeaders<'_>) -> Authorization {
        let (label, slash, scope): (&[u8], &[u8], [&[u8]; 5]) = match signer.scope() {
            None => (b" Access=", b"", [b""; 5]),
            Some(scope) => (
                b" Credential=",
                b"/",
                [
                    date.day().as_bytes(),
                    b"/",
                    scope.region.as_bytes(),
                    b"/",
                    scope.service.as_bytes(),
                ],
            ),
        };
        let head = [
            signer.algorithm().as_bytes(),
            label,
            signer.key.id().as_bytes(),
            slash,
        ];
        let len = head
            .iter()
            .chain(&scope)
            .map(|part| part.len())
            .sum::<usize>()
            + SIGNED_HEADERS.len()
            + signed.names_len()
            + SIGNATURE.len()
            + 64;
        let mut text = Vec::with_capacity(len);
        head.iter().for_each(|part| text.extend_from_slice(part));
        let start = text.len();
        scope.iter().for_each(|part| text.extend_from_slice(part));
        let scope = start..text.len();
        text.extend_from_slice(SIGNED_HEADERS);
        let start = text.len();
        signed.write_names(&mut text);
        let signed_headers = start..text.len();
        Authorization {
            text,
            scope,
            signed_headers,
        }
    }

    /// `<day>/<region>/<service>` for a derived key, empty otherwise.
    fn scope(&self) -> &[u8] {
        &self.text[self.scope.clone()]
    }

    /// The signed header names joined by `;`.
    fn signed_headers(&self) -> &[u8] {
        &self.text[self.signed_headers.clone()]
    }

    /// Appends the signature and makes the header value, marked sensitive: a signature can be
    /// replayed until it expires, so it stays out of logs and HPACK tables.
    fn finish(mut self, signature: &[u8; 64]) -> Result<HeaderValue, SignError> {
        self.text.extend_from_slice(SIGNATURE);
        self.text.extend_from_slice(signature);
        // The buffer was sized exactly, so `Bytes` takes it over without allocating.
        let mut value =
            HeaderValue::from_maybe_shared(Bytes::from(self.text)).map_err(|_| SignError {
                kind: SignErrorKind::InvalidAccessKeyId,
            })?;
        value.set_sensitive(true);
        Ok(value)
    }
}

/// The `V11-HMAC-SHA256` key for `scope` (`YYYYMMDD/region/service`): HKDF-SHA256 with the
/// access key id as salt, the secret key as input (both already in `hkdf`) and `scope` as info,
/// 32 bytes.
///
/// The SDK then keys the HMAC with the lowercase hex text of those bytes rather than with the
/// bytes; the gateway checks exactly that, so the hex is the key here too.
fn derived_key(hkdf: &Hkdf<Sha256>, scope: &[u8]) -> Result<Zeroizing<[u8; 64]>, SignError> {
    let mut okm = Zeroizing::new([0; 32]);
    hkdf.expand(scope, &mut *okm).map_err(|_| SignError {
        kind: SignErrorKind::InvalidScope,
    })?;
    let mut hex = Zeroizing::new([0; 64]);
    hex_into(&*okm, &mut *hex);
    Ok(hex)
}

fn keyed(key: &[u8]) -> Hmac<Sha256> {
    match <Hmac<Sha256> as KeyInit>::new_from_slice(key) {
        Ok(mac) => mac,
        // HMAC takes keys of any length; the error exists only for fixed-size MACs.
        Err(_) => unreachable!("HMAC accepts keys of any length"),
    }
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
    fn a_url_and_its_uri_are_signed_alike() {
        let plain = Signer::new(AccessKey::new("ak", "sk")).with_project_id("p");
        let derived = plain.clone().with_derived_key("cn-north-4", "iam");
        let urls = [
            "https://iam.example.com/v3/projects",
            "https://user:pw@iam.example.com:8443/v3/a%2Fb/c:d?b=2&a=1&a=%C3%A9",
            "http://[::1]:8080/x?",
            "http://127.0.0.1/x?a=1&b=",
            "https://h/x?&flag",
        ];
        for signer in [&plain, &derived] {
            for text in urls {
                let at = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
                let payload = Payload::of(&HeaderMap::new(), b"{}");
                let mut url = Url::parse(text).unwrap();
                let mut from_url = HeaderMap::new();
                signer
                    .sign_url(&Method::POST, &mut url, &mut from_url, &payload, at)
                    .unwrap();
                let mut uri: Uri = text.parse().unwrap();
                let mut from_uri = HeaderMap::new();
                signer
                    .sign_with(&Method::POST, &mut uri, &mut from_uri, &payload, at)
                    .unwrap();
                assert_eq!(from_url, from_uri, "{text}");
                assert_eq!(url.as_str(), uri.to_string(), "{text}");
            }
        }
    }

    #[test]
    fn debug_shows_neither_the_secret_nor_the_keyed_state() {
        let signer = Signer::new(AccessKey::new("ak", "s3cr3t")).with_project_id("p-1");
        let derived = signer.clone().with_derived_key("cn-north-4", "iam");
        for shown in [format!("{signer:?}"), format!("{derived:#?}")] {
            assert!(shown.contains("p-1") && shown.contains("ak"), "{shown}");
            assert!(
                !shown.contains("s3cr3t") && !shown.contains("Hmac"),
                "{shown}"
            );
        }
        assert!(format!("{derived:?}").contains("cn-north-4"));
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
