//! The transport-neutral description of one request, and the builder generated code fills.

use std::fmt::{Display, Write};

use bytes::Bytes;
use http::header::CONTENT_TYPE;
use http::{HeaderMap, HeaderName, HeaderValue, Method};
use serde::Serialize;

use crate::api::Api;
use crate::encode::{EncodingWriter, for_each_value, push_encoded};
use crate::error::{BuildError, BuildErrorKind, Error};
use crate::flatten::for_each_pair;
use crate::multipart::{FilePart, Form};
use crate::operation::{Operation, Segment};

/// How many headers a request typically gains after its static ones: `Content-Type`, the client's
/// `User-Agent`, and `X-Auth-Token` or the signature's `X-Sdk-Date` and `Authorization`, and
/// `X-Project-Id`.
const EXTRA_HEADERS: usize = 6;

/// One request, fully built and encoded, ready for a transport ([`Api::send`]).
///
/// The path and query are already percent-encoded; the headers hold the operation's static
/// headers, the parameters' headers and the body's `Content-Type`. Authentication is the
/// transport's job: [`Client`](crate::Client) adds a token or a fresh signature
/// ([`auth`](crate::auth)) just before each attempt.
#[derive(Debug, Clone)]
pub struct Request {
    operation: &'static Operation,
    path_and_query: String,
    path_len: usize,
    headers: HeaderMap,
    body: Option<Bytes>,
}

impl Request {
    /// The HTTP method.
    pub fn method(&self) -> &Method {
        &self.operation.method
    }

    /// The name of the trait method that made this request, such as `"resend_email"`.
    pub fn operation_name(&self) -> &'static str {
        self.operation.name
    }

    /// The timeout declared on the method (`timeout = ".."`), which overrides the client's.
    pub fn timeout(&self) -> Option<std::time::Duration> {
        self.operation.timeout
    }

    /// Whether the request may be sent twice with the effect of once: GET, HEAD, PUT, DELETE,
    /// OPTIONS, and methods declared `idempotent`.
    pub fn is_idempotent(&self) -> bool {
        self.operation.idempotent
    }

    /// The path template as declared, such as `"/v2/<project_id>/users/<user_id>"`.
    pub fn path_template(&self) -> &'static str {
        self.operation.template
    }

    /// The percent-encoded path, starting with `/`, relative to the client's base URL.
    pub fn path(&self) -> &str {
        &self.path_and_query[..self.path_len]
    }

    /// The percent-encoded query without the leading `?`, or `None` when there is none.
    pub fn query(&self) -> Option<&str> {
        self.path_and_query.get(self.path_len + 1..)
    }

    /// The path followed by `?` and the query when there is one.
    pub fn path_and_query(&self) -> &str {
        &self.path_and_query
    }

    /// The headers of this request (static, parameter and content-type headers).
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// Mutable access to the headers, for a transport that adds its own (authentication).
    pub fn headers_mut(&mut self) -> &mut HeaderMap {
        &mut self.headers
    }

    /// The body, when the operation has one.
    pub fn body(&self) -> Option<&Bytes> {
        self.body.as_ref()
    }

    /// Appends `key=value`, both percent-encoded, after `?` for the first pair and `&` after
    /// that. Called only once the path is complete, so anything past it is the query.
    fn push_query_pair(&mut self, key: &str, value: &str) {
        let first = self.path_and_query.len() == self.path_len;
        self.path_and_query.push(if first { '?' } else { '&' });
        push_encoded(&mut self.path_and_query, key);
        self.path_and_query.push('=');
        push_encoded(&mut self.path_and_query, value);
    }

    /// Splits the request into its encoded path-and-query, headers and body.
    pub fn into_parts(self) -> (String, HeaderMap, Option<Bytes>) {
        (self.path_and_query, self.headers, self.body)
    }
}

/// Fills a [`Request`] from a method's arguments, in the order generated code calls it: path
/// values in template order, then query values, headers and the body.
///
/// A value that cannot be encoded is remembered and reported by [`RequestBuilder::finish`], so
/// generated code is a straight line of calls with no early returns.
#[doc(hidden)]
#[derive(Debug)]
pub struct RequestBuilder {
    request: Request,
    /// Index of the next segment of `operation.segments` to write.
    next: usize,
    /// The `multipart/form-data` parts, for operations with `#[form]` or `#[file]` parameters.
    form: Option<Form>,
    error: Option<BuildError>,
}

impl RequestBuilder {
    /// Starts a request and writes the path up to its first parameter placeholder, filling
    /// client-bound placeholders from `api`.
    pub fn new<A: Api + ?Sized>(api: &A, operation: &'static Operation) -> Self {
        // A `HeaderMap` grows by rehashing into fresh allocations; sized for the headers still to
        // come, it is allocated once per request.
        let mut headers = HeaderMap::with_capacity(operation.headers.len() + EXTRA_HEADERS);
        for (name, value) in operation.headers {
            headers.append(name.clone(), value.clone());
        }
        let mut builder = RequestBuilder {
            request: Request {
                operation,
                path_and_query: String::with_capacity(operation.template.len() + 32),
                path_len: 0,
                headers,
                body: None,
            },
            next: 0,
            form: None,
            error: None,
        };
        builder.advance(api);
        builder
    }

    /// Copies literals and client values until the next parameter placeholder.
    fn advance<A: Api + ?Sized>(&mut self, api: &A) {
        let segments = self.request.operation.segments;
        while let Some(segment) = segments.get(self.next) {
            match *segment {
                Segment::Literal(text) => self.request.path_and_query.push_str(text),
                Segment::Client(name) => match api.client_value(name) {
                    Some(value) => push_encoded(&mut self.request.path_and_query, value),
                    None => self.fail(BuildErrorKind::MissingClientValue { placeholder: name }),
                },
                Segment::Param(_) => return,
            }
            self.next += 1;
        }
        self.request.path_len = self.request.path_and_query.len();
    }

    fn fail(&mut self, kind: BuildErrorKind) {
        if self.error.is_none() {
            self.error = Some(BuildError::new(self.request.operation.name, kind));
        }
    }

    /// Writes the value of the next parameter placeholder, formatted with `Display` and
    /// percent-encoded as one path segment.
    pub fn path<A: Api + ?Sized, V: Display + ?Sized>(&mut self, api: &A, value: &V) {
        let segments = self.request.operation.segments;
        let Some(&Segment::Param(placeholder)) = segments.get(self.next) else {
            unreachable!("`#[api]` passes exactly one value per parameter placeholder");
        };
        let start = self.request.path_and_query.len();
        let out = &mut self.request.path_and_query;
        if write!(EncodingWriter { out }, "{value}").is_err() {
            self.fail(BuildErrorKind::Format {
                parameter: placeholder,
            });
        } else {
            match &self.request.path_and_query[start..] {
                // An empty segment would change which resource the path names (`/users//x`).
                "" => self.fail(BuildErrorKind::EmptyPathValue { placeholder }),
                // URL parsers resolve `.` and `..` segments away, escaped or not (`%2E%2E` is a
                // dot segment too), so these values would name another resource.
                "." => self.fail(BuildErrorKind::DotPathValue {
                    placeholder,
                    value: ".",
                }),
                ".." => self.fail(BuildErrorKind::DotPathValue {
                    placeholder,
                    value: "..",
                }),
                _ => {}
            }
        }
        self.next += 1;
        self.advance(api);
    }

    /// Appends `name=value` to the query for each value `value` stands for (none for `None`,
    /// one per element for a sequence).
    pub fn query<V: Serialize + ?Sized>(&mut self, name: &'static str, value: &V) {
        let request = &mut self.request;
        let result = for_each_value(value, |text| request.push_query_pair(name, text));
        if let Err(source) = result {
            self.fail(BuildErrorKind::Value {
                parameter: name,
                source,
            });
        }
    }

    /// Appends `key=value` to the query for each value of each field of `value`, a struct or a
    /// map (`#[query(flatten)]`); `None` adds nothing.
    pub fn query_fields<V: Serialize + ?Sized>(&mut self, parameter: &'static str, value: &V) {
        let request = &mut self.request;
        let result = for_each_pair(value, |key, text| request.push_query_pair(key, text));
        if let Err(source) = result {
            self.fail(BuildErrorKind::Value { parameter, source });
        }
    }

    /// Adds one `name: value` header for each value `value` stands for. A value that is not a
    /// valid header value (a CR or LF, say) is an error, never sent.
    pub fn header<V: Serialize + ?Sized>(&mut self, name: &'static HeaderName, value: &V) {
        let mut invalid = false;
        let headers = &mut self.request.headers;
        let result = for_each_value(value, |text| {
            // HTTP strips whitespace around a header value, so such a value would not arrive
            // as given: refuse it like a control character.
            let padded = text.trim_matches([' ', '\t']).len() != text.len();
            match HeaderValue::from_str(text) {
                Ok(value) if !padded => {
                    headers.append(name, value);
                }
                _ => invalid = true,
            }
        });
        match result {
            Err(source) => self.fail(BuildErrorKind::Value {
                parameter: name.as_str(),
                source,
            }),
            Ok(()) if invalid => self.fail(BuildErrorKind::InvalidHeaderValue { name }),
            Ok(()) => {}
        }
    }

    /// Serializes the body as JSON and sets `Content-Type: application/json`.
    pub fn json<V: Serialize + ?Sized>(&mut self, value: &V) {
        match serde_json::to_vec(value) {
            Ok(bytes) => {
                self.request.body = Some(Bytes::from(bytes));
                let content_type = match &self.request.operation.content_type {
                    Some(declared) => declared.clone(),
                    None => HeaderValue::from_static("application/json"),
                };
                self.request.headers.insert(CONTENT_TYPE, content_type);
            }
            Err(source) => self.fail(BuildErrorKind::Body { source }),
        }
    }

    /// Adds a text part `name` to the `multipart/form-data` body for each value `value`
    /// stands for (none for `None`, one per element for a sequence).
    pub fn form<V: Serialize + ?Sized>(&mut self, name: &'static str, value: &V) {
        let form = self.form.get_or_insert_with(Form::default);
        if let Err(source) = for_each_value(value, |text| form.text(name, text)) {
            self.fail(BuildErrorKind::Value {
                parameter: name,
                source,
            });
        }
    }

    /// Adds a file part `name` to the `multipart/form-data` body, unless `file` is `None`.
    pub fn file<F: FilePart + ?Sized>(&mut self, name: &'static str, file: &F) {
        let form = self.form.get_or_insert_with(Form::default);
        if let Some(file) = file.as_form_file() {
            form.file(name, file);
        }
    }

    /// The finished request, or the first problem met while building it.
    pub fn finish(mut self) -> Result<Request, Error> {
        if let Some(error) = self.error {
            return Err(Error::Build(Box::new(error)));
        }
        if let Some(form) = self.form.take() {
            let (body, content_type) = form.finish();
            let content_type = HeaderValue::from_str(&content_type)
                .expect("the boundary is ASCII letters and digits");
            self.request.headers.insert(CONTENT_TYPE, content_type);
            self.request.body = Some(body);
        }
        Ok(self.request)
    }
}
