//! The canonical forms the signature covers: method, URI, query, headers and payload hash.
//!
//! Everything here follows `huaweicloudsdkcore` (the official Python SDK, `signer/signer.py`)
//! because the service accepts what that SDK sends. Where the SDK reads as odd, the comment at
//! that place says what it does and why this code does the same.

use std::borrow::Cow;

use http::header::CONTENT_TYPE;
use http::{HeaderMap, HeaderName, HeaderValue, Method};
use percent_encoding::{percent_decode_str, utf8_percent_encode};
use sha2::{Digest, Sha256};

use crate::encode::COMPONENT;

/// The header that carries the payload hash, or `UNSIGNED-PAYLOAD`.
pub(crate) const CONTENT_SHA256: HeaderName = HeaderName::from_static("x-sdk-content-sha256");

/// What [`CONTENT_SHA256`] says when the body is left out of the signature.
pub(crate) const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";

/// The SHA-256 of nothing, in hex.
const EMPTY_HASH: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/// The last line of the canonical request, decided before any header is touched so that the
/// body is read only while the headers are not yet borrowed for writing.
pub(crate) struct Payload {
    /// The body is not hashed: [`CONTENT_SHA256`] is set to [`UNSIGNED_PAYLOAD`] and signed.
    pub(crate) unsigned: bool,
    hash: PayloadHash,
}

enum PayloadHash {
    Empty,
    /// Whatever [`CONTENT_SHA256`] holds once the headers are final.
    FromHeader,
    Digest([u8; 64]),
}

impl Payload {
    /// Decides how the body enters the signature, as the SDK does.
    ///
    /// Only JSON and BSON bodies are hashed; any other declared `Content-Type` sends
    /// `UNSIGNED-PAYLOAD`, so that a large upload need not be read twice. The SDK compares the
    /// value's start case-sensitively (`Application/JSON` is unsigned) and so does this. An empty
    /// body hashes as empty even when it is unsigned, and a caller's own `X-Sdk-Content-Sha256`
    /// is taken as the hash, both as in the SDK.
    ///
    /// One difference: the SDK looks the content type up only under the exact name
    /// `Content-Type`, the spelling its own client always uses, while header names here have no
    /// case, so `content-type` counts too.
    pub(crate) fn of(headers: &HeaderMap, body: &[u8]) -> Payload {
        let unsigned = headers.get(CONTENT_TYPE).is_some_and(|value| {
            let value = value.as_bytes();
            !value.is_empty()
                && !value.starts_with(b"application/json")
                && !value.starts_with(b"application/bson")
        });
        let declared = headers
            .get(CONTENT_SHA256)
            .is_some_and(|value| !trim(value.as_bytes()).is_empty());
        let hash = if body.is_empty() {
            PayloadHash::Empty
        } else if unsigned || declared {
            PayloadHash::FromHeader
        } else {
            let mut hex = [0; 64];
            hex_into(&Sha256::digest(body), &mut hex);
            PayloadHash::Digest(hex)
        };
        Payload { unsigned, hash }
    }

    /// The hash line, read from the final headers when the caller or the unsigned rule set it.
    pub(crate) fn hash<'a>(&'a self, headers: &'a HeaderMap) -> &'a [u8] {
        match &self.hash {
            PayloadHash::Empty => EMPTY_HASH.as_bytes(),
            PayloadHash::FromHeader => headers
                .get(CONTENT_SHA256)
                .map_or(UNSIGNED_PAYLOAD.as_bytes(), |value| trim(value.as_bytes())),
            PayloadHash::Digest(hex) => hex,
        }
    }
}

/// Lowercase hex of `bytes` into `out`, which is twice as long.
pub(crate) fn hex_into(bytes: &[u8], out: &mut [u8]) {
    // The lengths are fixed by the callers (digests into arrays of twice their size).
    if hex::encode_to_slice(bytes, out).is_err() {
        unreachable!("hex output buffers are sized from the digest");
    }
}

/// Writes the method as the SDK does: upper-cased, though HTTP methods are case-sensitive.
pub(crate) fn method(method: &Method, out: &mut impl Sink) {
    let text = method.as_str();
    if text.bytes().any(|b| b.is_ascii_lowercase()) {
        out.put(text.to_ascii_uppercase().as_bytes());
    } else {
        out.put(text.as_bytes());
    }
}

/// Writes the canonical URI of `path`: every segment percent-encoded with only the unreserved
/// characters left as they are, and a `/` at the end.
///
/// The SDK decodes the whole path before it splits it into segments, so an escaped slash
/// inside a path value (`users/a%2Fb`) is signed as two segments (`users/a/b/`) although it is
/// sent as one. This follows it: the gateway accepts the SDK's signatures, so it canonicalizes
/// the received path the same way, and a signature over `a%2Fb/` would be refused. Bytes that
/// do not decode as UTF-8 become U+FFFD, as Python's `unquote` makes them.
pub(crate) fn uri(path: &str, out: &mut impl Sink) {
    let path = if path.is_empty() { "/" } else { path };
    // The usual path (`/v2/<id>/users/<name>`) decodes and encodes to itself.
    if path.bytes().all(|b| b == b'/' || is_unreserved(b)) {
        out.put(path.as_bytes());
        if !path.ends_with('/') {
            out.put(b"/");
        }
        return;
    }
    let decoded = percent_decode_str(path).decode_utf8_lossy();
    for (i, segment) in decoded.split('/').enumerate() {
        if i > 0 {
            out.put(b"/");
        }
        for chunk in utf8_percent_encode(segment, COMPONENT) {
            out.put(chunk.as_bytes());
        }
    }
    if !decoded.ends_with('/') {
        out.put(b"/");
    }
}

/// Whether `byte` is one of the RFC 3986 unreserved characters: [`COMPONENT`] leaves them as
/// they are, and text made only of them holds no `%` for decoding to change.
fn is_unreserved(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~')
}

/// The canonical query string of `query` (without its `?`): the pairs decoded, sorted by name
/// then value, and encoded again with only the unreserved characters left as they are.
///
/// The SDK sorts the raw texts and encodes afterwards, which is not the order of the encoded
/// texts (`é` sorts after `z`, `%C3%A9` before it), so the pairs are decoded first. A `+` is a
/// plus sign, not a space, as in RFC 3986, and a name without `=` has an empty value. The SDK
/// sorts a list of integers as numbers (`9` before `10`); every value here is text by the time
/// it is in a URL, and the gateway sees only text, so text order it is.
///
/// The SDK also sends this string as the request's query, so the signer puts it in the URI.
pub(crate) fn query(query: &str) -> Cow<'_, str> {
    if query.is_empty() || is_canonical_query(query) {
        return Cow::Borrowed(query);
    }
    let mut pairs: Vec<(Cow<'_, str>, Cow<'_, str>)> = query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (
                percent_decode_str(name).decode_utf8_lossy(),
                percent_decode_str(value).decode_utf8_lossy(),
            )
        })
        .collect();
    pairs.sort_unstable();
    let mut out = String::with_capacity(query.len() + 8);
    for (i, (name, value)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.extend(utf8_percent_encode(name, COMPONENT));
        out.push('=');
        out.extend(utf8_percent_encode(value, COMPONENT));
    }
    Cow::Owned(out)
}

/// Whether [`query`] would give `query` back: every pair has one `=`, only unreserved
/// characters (so decoding and encoding change nothing), and the pairs are in order. Queries
/// that the client builds from sorted parameters are, and need no allocation.
fn is_canonical_query(query: &str) -> bool {
    let mut previous = None;
    for pair in query.split('&') {
        let Some(pair @ (name, value)) = pair.split_once('=') else {
            return false;
        };
        if !name.bytes().chain(value.bytes()).all(is_unreserved)
            || previous.is_some_and(|previous| previous > pair)
        {
            return false;
        }
        previous = Some(pair);
    }
    true
}

/// Whether a header takes part in the signature. The SDK leaves out every name with an `_`,
/// which some proxies drop or rewrite.
pub(crate) fn is_signed(name: &HeaderName) -> bool {
    !name.as_str().contains('_')
}

/// The headers a signature covers, as name and value pairs sorted by name, then value.
///
/// The SDK keeps one value per name (a Python dict). When a name has several values here, each
/// gets its own line, sorted, the name listed once among the signed headers: what the official
/// Go SDK does, the only one that can send them.
pub(crate) struct SignedHeaders<'a> {
    /// One pair per value; names in a `HeaderMap` are already lowercase.
    pairs: Vec<(&'a str, &'a [u8])>,
}

impl<'a> SignedHeaders<'a> {
    /// The signed headers of `headers`, read in one pass over the map rather than looked up
    /// name by name.
    pub(crate) fn of(headers: &'a HeaderMap) -> SignedHeaders<'a> {
        // Sized for every value up front: a filtered iterator would start small and regrow.
        let mut pairs = Vec::with_capacity(headers.len());
        for (name, value) in headers {
            if is_signed(name) {
                pairs.push((name.as_str(), value.as_bytes()));
            }
        }
        pairs.sort_unstable();
        SignedHeaders { pairs }
    }

    /// Each name once, in order.
    fn names(&self) -> impl Iterator<Item = &'a str> + '_ {
        self.pairs.chunk_by(|a, b| a.0 == b.0).map(|run| run[0].0)
    }

    /// The length of the `SignedHeaders` list that [`SignedHeaders::write_names`] writes.
    pub(crate) fn names_len(&self) -> usize {
        self.names()
            .map(|name| name.len() + 1)
            .sum::<usize>()
            .saturating_sub(1)
    }

    /// Writes the names joined by `;`, the `SignedHeaders` list.
    pub(crate) fn write_names(&self, out: &mut impl Sink) {
        for (i, name) in self.names().enumerate() {
            if i > 0 {
                out.put(b";");
            }
            out.put(name.as_bytes());
        }
    }

    /// Writes `name:value\n` for each pair, then the blank line that ends the block.
    pub(crate) fn write_lines(&self, out: &mut impl Sink) {
        for (name, value) in &self.pairs {
            out.put(name.as_bytes());
            out.put(b":");
            out.put(trim(value));
            out.put(b"\n");
        }
        out.put(b"\n");
    }
}

/// Trims a header value as Python's `str.strip` does, for values that are UTF-8 (Unicode white
/// space, such as a no-break space, included); other values lose ASCII white space only.
pub(crate) fn trim(value: &[u8]) -> &[u8] {
    // Visible ASCII at both ends, as nearly every value has, is not white space in any sense.
    let visible = |b: Option<&u8>| b.is_some_and(|&b| b > b' ' && b < 0x7f);
    if visible(value.first()) && visible(value.last()) {
        return value;
    }
    match std::str::from_utf8(value) {
        Ok(text) => text.trim().as_bytes(),
        Err(_) => value.trim_ascii(),
    }
}

/// Trims every header value in place: the SDK sends the values it signed, trimmed.
pub(crate) fn trim_values(headers: &mut HeaderMap) {
    for value in headers.values_mut() {
        let trimmed = trim(value.as_bytes());
        if trimmed.len() != value.len() {
            // A part of a valid header value is valid.
            if let Ok(mut new) = HeaderValue::from_bytes(trimmed) {
                new.set_sensitive(value.is_sensitive());
                *value = new;
            }
        }
    }
}

/// The `Host` the SDK signs when the request has none: the URL's host and port as written,
/// without a user name or password.
pub(crate) fn host(authority: &http::uri::Authority) -> &str {
    let text = authority.as_str();
    text.rsplit_once('@').map_or(text, |(_, host)| host)
}

/// Where canonical text goes: a hasher in the signer, a `Vec` in tests.
pub(crate) trait Sink {
    /// Appends bytes.
    fn put(&mut self, bytes: &[u8]);
}

impl Sink for Sha256 {
    fn put(&mut self, bytes: &[u8]) {
        self.update(bytes);
    }
}

impl Sink for Vec<u8> {
    fn put(&mut self, bytes: &[u8]) {
        self.extend_from_slice(bytes);
    }
}

/// Whether `text` can be a header value: visible ASCII, space, tab and bytes above 0x7f.
pub(crate) fn is_header_text(text: &str) -> bool {
    text.bytes().all(|b| b == b'\t' || (b >= 0x20 && b != 0x7f))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canonical_uri(path: &str) -> String {
        let mut out = Vec::new();
        uri(path, &mut out);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn uri_segments_are_decoded_then_encoded() {
        assert_eq!(canonical_uri("/v2/p/users"), "/v2/p/users/");
        assert_eq!(canonical_uri("/v2/p/users/"), "/v2/p/users/");
        assert_eq!(canonical_uri("/"), "/");
        assert_eq!(canonical_uri(""), "/");
        assert_eq!(canonical_uri("/a%2Fb"), "/a/b/");
        assert_eq!(canonical_uri("/a:b/%7e"), "/a%3Ab/~/");
        assert_eq!(canonical_uri("/%FF"), "/%EF%BF%BD/");
        // Only unreserved characters: written as they are.
        assert_eq!(canonical_uri("/v2/a-b_c.d~e/X9"), "/v2/a-b_c.d~e/X9/");
        assert_eq!(canonical_uri("//x//"), "//x//");
    }

    #[test]
    fn query_is_decoded_sorted_and_encoded() {
        assert_eq!(query("b=2&a=1"), "a=1&b=2");
        assert_eq!(query("k=z&k=%C3%A9&k=~"), "k=z&k=~&k=%C3%A9");
        assert_eq!(query("flag&&x=a+b"), "flag=&x=a%2Bb");
        assert_eq!(query(""), "");
    }

    #[test]
    fn a_query_already_in_canonical_form_is_borrowed() {
        for text in ["a=1&b=2", "a=1&a=1&a=2", "=", "k=&k=v", "A-._~=z"] {
            assert!(
                matches!(query(text), Cow::Borrowed(t) if t == text),
                "{text}"
            );
        }
        // Out of order, without `=`, with two `=`, with an empty pair or an escape.
        for text in [
            "b=1&a=2", "a=2&a=1", "a", "a=b=c", "a=1&&b=2", "a=%41", "a=+",
        ] {
            assert!(matches!(query(text), Cow::Owned(_)), "{text}");
        }
        assert_eq!(query("a=%2F"), "a=%2F");
    }

    #[test]
    fn trimming_follows_python() {
        assert_eq!(trim(b" \ta b\t "), b"a b");
        assert_eq!(trim("\u{a0}x\u{3000}".as_bytes()), b"x");
        assert_eq!(trim(b" \xff "), b"\xff");
    }

    #[test]
    fn repeated_headers_get_a_line_each() {
        let mut map = HeaderMap::new();
        map.append("x-b", HeaderValue::from_static("2"));
        map.append("x-b", HeaderValue::from_static(" 1"));
        map.append("x_a", HeaderValue::from_static("skipped"));
        map.append("x-a", HeaderValue::from_static("a"));
        let signed = SignedHeaders::of(&map);
        let mut names = Vec::new();
        signed.write_names(&mut names);
        assert_eq!(names, b"x-a;x-b");
        assert_eq!(signed.names_len(), names.len());
        let mut out = Vec::new();
        signed.write_lines(&mut out);
        assert_eq!(String::from_utf8(out).unwrap(), "x-a:a\nx-b:1\nx-b:2\n\n");
    }
}
