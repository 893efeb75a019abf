//! The HTTP client: [`Api`] over reqwest.

use std::collections::BTreeMap;
use std::sync::Arc;

use http::HeaderValue;

use crate::api::Api;
use crate::error::{Error, TransportError};
use crate::request::Request;
use crate::response::RawResponse;
use crate::secret::Secret;

/// An HTTP client for `#[api]` traits. Cheap to clone: clones share one connection pool.
#[derive(Clone, Debug)]
pub struct Client {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    http: reqwest::Client,
    base: String,
    token: Option<Secret>,
    values: BTreeMap<String, String>,
}

/// Configures a [`Client`].
#[derive(Debug)]
pub struct ClientBuilder {
    base: String,
    token: Option<Secret>,
    values: BTreeMap<String, String>,
    http: Option<reqwest::Client>,
}

impl Client {
    /// Starts configuring a client for the service at `base_url` (scheme, host, optional port
    /// and path prefix, such as `https://workspace.ap-southeast-1.myhuaweicloud.com`).
    pub fn builder(base_url: impl Into<String>) -> ClientBuilder {
        ClientBuilder {
            base: base_url.into(),
            token: None,
            values: BTreeMap::new(),
            http: None,
        }
    }
}

impl ClientBuilder {
    /// Sends `X-Auth-Token: token` with every request.
    pub fn token(mut self, token: impl Into<Secret>) -> Self {
        self.token = Some(token.into());
        self
    }

    /// Sets the project id that fills `<project_id>` placeholders declared `client(project_id)`.
    pub fn project_id(self, project_id: impl Into<String>) -> Self {
        self.client_value("project_id", project_id)
    }

    /// Sets the value of the client-bound placeholder `<name>`.
    pub fn client_value(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.values.insert(name.into(), value.into());
        self
    }

    /// Uses a reqwest client configured elsewhere (proxies, TLS roots, pool settings).
    pub fn reqwest_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<Client, Error> {
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .build()
                .map_err(|e| Error::Transport(Box::new(TransportError::new(e))))?,
        };
        let base = self.base.trim_end_matches('/').to_owned();
        Ok(Client { inner: Arc::new(Inner { http, base, token: self.token, values: self.values }) })
    }
}

impl Api for Client {
    async fn send(&self, request: Request) -> Result<RawResponse, Error> {
        let inner = &*self.inner;
        let method = request.method().clone();
        let (path_and_query, mut headers, body) = request.into_parts();
        if let Some(token) = &inner.token {
            let mut value = HeaderValue::from_str(token.expose())
                .map_err(|e| Error::Transport(Box::new(TransportError::new(e))))?;
            value.set_sensitive(true);
            headers.insert("x-auth-token", value);
        }
        let url = format!("{}{}", inner.base, path_and_query);
        let mut builder = inner.http.request(method, url).headers(headers);
        if let Some(body) = body {
            builder = builder.body(body);
        }
        let transport = |e: reqwest::Error| Error::Transport(Box::new(TransportError::new(e)));
        let response = builder.send().await.map_err(transport)?;
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.bytes().await.map_err(transport)?;
        Ok(RawResponse::new(status, headers, body))
    }

    fn client_value(&self, name: &str) -> Option<&str> {
        self.inner.values.get(name).map(String::as_str)
    }
}
