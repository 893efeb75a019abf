//! An embedded server that plays the users API of Workspace on 127.0.0.1, for tests and
//! examples (feature `mock`).
//!
//! It keeps users, their OTP devices, notification records, user events and the LTS
//! configuration in memory, answers the 21 operations of [`Users`](crate::Users) with bodies
//! shaped like the service's (the field names of the official SDK's models), and fails like the
//! service: a status, a JSON body `{"error_code": "WKS.0404", "error_msg": "..."}` and an
//! `X-Request-Id` on every response. It records each request exactly as it arrived (method,
//! percent-encoded path and query, headers, body bytes), so a test can check what a client
//! sent.
//!
//! ```
//! use restrait_workspace::{NewUser, Users, mock::MockServer};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let server = MockServer::start().await?;
//! let client = server.client()?;
//! let ada = NewUser {
//!     user_email: Some("ada@example.com".to_owned()),
//!     ..NewUser::new("ada")
//! };
//! let created = client.create_user(&ada).await?;
//! let sent = server.last_received().unwrap();
//! assert_eq!(sent.path, format!("/v2/{}/users", server.project_id()));
//! assert_eq!(sent.body_text(), r#"{"user_name":"ada","user_email":"ada@example.com"}"#);
//! assert_eq!(client.show_user(&created.id).await?.user_detail.user_name, "ada");
//! # Ok(())
//! # }
//! ```
//!
//! What differs from the service, knowingly: nothing is persisted; a request signed with an
//! access key is accepted without checking the signature; [`Users::import_user_list`] reads
//! a CSV file of `user_name,user_email,desktop_name` lines where the service reads its
//! spreadsheet template; the templates are small stand-ins; the error codes are in the
//! service's style (`WKS.0001` for a bad parameter, `WKS.0404` for a missing user, `WKS.0409`
//! for a name in use, `APIGW.0301` for missing credentials) but chosen here.
//!
//! [`Users::import_user_list`]: crate::Users::import_user_list

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Multipart, Path, RawQuery, Request, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use percent_encoding::percent_decode_str;
use serde_json::{Map, Value, json};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

/// The project the server serves; [`MockServer::client`] is configured with it.
pub const PROJECT_ID: &str = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";

/// The IAM token the server accepts.
pub const TOKEN: &str = "mock-iam-token";

/// The largest body the server reads, the limit axum's body extractors apply behind it;
/// larger ones are refused before any handler runs.
const BODY_LIMIT: usize = 2 * 1024 * 1024;

/// The media type of the server's JSON answers, spelled as the service spells it.
const JSON_TYPE: &str = "application/json;charset=UTF-8";

/// The media type of the templates.
const SPREADSHEET_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// A Workspace server on 127.0.0.1 with an ephemeral port. Stops when dropped.
#[derive(Debug)]
pub struct MockServer {
    base_url: String,
    shared: Arc<Shared>,
    task: JoinHandle<()>,
}

/// One request as the server received it, before any handler looked at it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Received {
    /// The method, such as `"POST"`.
    pub method: String,
    /// The path as sent, still percent-encoded.
    pub path: String,
    /// The query as sent, without the `?`; `None` when the URL had none.
    pub query: Option<String>,
    /// The headers in the order received, names in lower case.
    pub headers: Vec<(String, String)>,
    /// The body bytes; empty when there was none.
    pub body: Vec<u8>,
}

impl Received {
    /// The first value of the header `name` (any case), when present.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    /// The body as text, with invalid UTF-8 replaced.
    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

impl MockServer {
    /// Binds 127.0.0.1 on a free port and starts serving on the current tokio runtime.
    ///
    /// The store starts with three notification records and nothing else.
    pub async fn start() -> std::io::Result<MockServer> {
        let shared = Arc::new(Shared::default());
        shared.store().seed_notification_records();
        let app = router(shared.clone());
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let base_url = format!("http://{}", listener.local_addr()?);
        let task = tokio::spawn(async move {
            // Serving ends only with an I/O error of the listener, which a test then sees as
            // refused connections.
            let _ = axum::serve(listener, app).await;
        });
        Ok(MockServer {
            base_url,
            shared,
            task,
        })
    }

    /// The URL to give a client, such as `http://127.0.0.1:40123`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The project the server serves, [`PROJECT_ID`].
    pub fn project_id(&self) -> &'static str {
        PROJECT_ID
    }

    /// A client for this server, authenticated with [`TOKEN`] and set to [`PROJECT_ID`].
    pub fn client(&self) -> Result<restrait::Client, restrait::Error> {
        restrait::Client::builder(&self.base_url)
            .token(TOKEN)
            .project_id(PROJECT_ID)
            .build()
    }

    /// Every request received so far, oldest first.
    pub fn received(&self) -> Vec<Received> {
        self.shared.received().clone()
    }

    /// The most recent request, if any.
    pub fn last_received(&self) -> Option<Received> {
        self.shared.received().last().cloned()
    }

    /// Binds an OTP device to a user, as the user would from the client, and returns the
    /// binding's id; `None` when there is no such user.
    pub fn bind_otp_device(&self, user_id: &str) -> Option<String> {
        let mut store = self.shared.store();
        let id = store.next_id("otp");
        let user = store.users.iter_mut().find(|user| user.id == user_id)?;
        user.otp_devices.push(id.clone());
        Some(id)
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// What the handlers share: the record of requests and the service's state.
#[derive(Debug, Default)]
struct Shared {
    received: Mutex<Vec<Received>>,
    store: Mutex<Store>,
}

impl Shared {
    /// A handler that panicked fails its own test; the state is still readable for the
    /// others, so a poisoned lock is taken over.
    fn store(&self) -> MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn received(&self) -> MutexGuard<'_, Vec<Received>> {
        self.received.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The service's state.
#[derive(Debug, Default)]
struct Store {
    /// Users in creation order, which is the order the service lists them in.
    users: Vec<StoredUser>,
    records: Vec<Value>,
    events: Vec<Value>,
    lts: Option<(String, String)>,
    lts_enabled: bool,
    /// Feeds ids, request ids, passwords and event times, so that runs are reproducible.
    counter: u64,
}

#[derive(Debug, Clone)]
struct StoredUser {
    id: String,
    user_name: String,
    fields: Map<String, Value>,
    locked: bool,
    otp_devices: Vec<String>,
}

impl Store {
    fn next(&mut self) -> u64 {
        self.counter += 1;
        self.counter
    }

    /// An id of 32 hexadecimal digits, like the service's, with a kind-specific prefix so that
    /// a user id passed where an OTP binding id belongs is told apart.
    fn next_id(&mut self, kind: &str) -> String {
        let prefix = match kind {
            "user" => 0x5e,
            "otp" => 0x07,
            _ => 0xe7,
        };
        let n = self.next();
        format!("{prefix:02x}{:014x}{:016x}", mix(n) >> 8, mix(!n))
    }

    /// Events are stamped with a clock that starts at a fixed time and moves a minute per
    /// event.
    fn event(&mut self, event_type: &str, user: &StoredUser) {
        let minutes = self.next();
        let event_time = format!(
            "2024-05-01T{:02}:{:02}:00Z",
            8 + minutes / 60 % 16,
            minutes % 60
        );
        let trace = self.next_id("event");
        self.events.push(json!({
            "project_id": PROJECT_ID,
            "username": user.user_name,
            "workspace_id": "wks-7f3a9c21",
            "event_trace_id": trace,
            "event_type": event_type,
            "event_time": event_time,
            "resource_type": "USER",
            "resource_id": user.id,
            "resource_name": user.user_name,
            "client_type": "API",
            "client_ip": "127.0.0.1",
            "client_mac": "",
            "client_version": "",
            "source_ip": "127.0.0.1",
            "is_success": true,
            "error_code": "",
            "error_msg": "",
            "action_type": "USER",
        }));
    }

    fn seed_notification_records(&mut self) {
        let records = [
            (
                "EMAIL",
                "ada",
                "desk-ada-01",
                "",
                "2024-04-30T09:12:44.000Z",
            ),
            (
                "SMS",
                "grace",
                "",
                "pool-finance",
                "2024-04-30T10:01:03.000Z",
            ),
            (
                "EMAIL",
                "alan",
                "desk-alan-01",
                "",
                "2024-05-01T07:45:19.000Z",
            ),
        ];
        for (kind, user, desktop, pool, time) in records {
            self.records.push(json!({
                "project_id": PROJECT_ID,
                "type": kind,
                "user_name": user,
                "desktop_name": desktop,
                "desktop_pool_name": pool,
                "result": "FAILED",
                "error_message": "the notification quota of the day is used up",
                "operate_time": time,
            }));
        }
    }

    fn user(&mut self, id: &str) -> Result<&mut StoredUser, Failure> {
        self.users
            .iter_mut()
            .find(|user| user.id == id)
            .ok_or_else(|| no_user(id))
    }

    /// Checks a user to create and adds it.
    fn create(&mut self, mut fields: Map<String, Value>) -> Result<StoredUser, Failure> {
        let name = match fields.remove("user_name") {
            Some(Value::String(name)) => name,
            _ => return Err(Failure::bad("user_name is required")),
        };
        check_user_name(&name)?;
        if self.users.iter().any(|user| user.user_name == name) {
            return Err(Failure::new(
                StatusCode::CONFLICT,
                "WKS.0409",
                format!("The user name {name} is already in use."),
            ));
        }
        let activation = fields.get("active_type").and_then(Value::as_str);
        match activation {
            None | Some("USER_ACTIVATE") => {
                if !fields.contains_key("user_email") && !fields.contains_key("user_phone") {
                    return Err(Failure::bad(
                        "a user who activates the account needs user_email or user_phone",
                    ));
                }
            }
            Some("ADMIN_ACTIVATE") => {}
            Some(other) => return Err(Failure::bad(format!("active_type {other} is unknown"))),
        }
        let id = self.next_id("user");
        let user = StoredUser {
            id,
            user_name: name,
            fields,
            locked: false,
            otp_devices: Vec::new(),
        };
        self.event("CREATE_USER", &user);
        self.users.push(user.clone());
        Ok(user)
    }
}

/// Scatters the bits of a counter (the finalizer of SplitMix64), so that consecutive ids look
/// as unrelated as the service's.
fn mix(n: u64) -> u64 {
    let mut z = n.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The service's user name rule: 1 to 20 characters, no special characters, not starting with
/// a digit.
fn check_user_name(name: &str) -> Result<(), Failure> {
    let count = name.chars().count();
    let special = name
        .chars()
        .any(|c| !(c.is_alphanumeric() || c == '_' || c == '-' || c == '.'));
    if count == 0 || count > 20 || special || name.starts_with(|c: char| c.is_ascii_digit()) {
        return Err(Failure::bad(format!(
            "user_name {name:?} must be 1 to 20 letters, digits, `_`, `-` or `.`, and not start \
             with a digit"
        )));
    }
    Ok(())
}

/// A failure answered the way the service answers one.
#[derive(Debug)]
struct Failure {
    status: StatusCode,
    code: &'static str,
    message: String,
}

impl Failure {
    fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Failure {
            status,
            code,
            message: message.into(),
        }
    }

    fn bad(message: impl Into<String>) -> Self {
        Failure::new(StatusCode::BAD_REQUEST, "WKS.0001", message)
    }
}

fn no_user(id: &str) -> Failure {
    Failure::new(
        StatusCode::NOT_FOUND,
        "WKS.0404",
        format!("The user {id} does not exist."),
    )
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        let body = json!({"error_code": self.code, "error_msg": self.message});
        (self.status, json_response(&body)).into_response()
    }
}

type Answer = Result<Response, Failure>;

fn json_response(value: &Value) -> Response {
    let mut response = Body::from(value.to_string()).into_response();
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static(JSON_TYPE));
    response
}

fn ok_json(value: Value) -> Answer {
    Ok(json_response(&value))
}

/// A success without a body, as the service answers the operations whose SDK response model
/// has no fields.
fn ok_empty() -> Answer {
    Ok(StatusCode::OK.into_response())
}

fn router(shared: Arc<Shared>) -> Router {
    let v2 = "/v2/{project_id}";
    let routes = Router::new()
        .route(
            &format!("{v2}/users/batch-create"),
            post(batch_create_users),
        )
        .route(
            &format!("{v2}/users/batch-delete"),
            post(batch_delete_users),
        )
        .route(&format!("{v2}/users"), post(create_user).get(list_users))
        .route(
            &format!("{v2}/users/{{user_id}}"),
            get(show_user).put(update_user).delete(delete_user),
        )
        .route(
            &format!("{v2}/users/{{user_id}}/actions"),
            post(change_user_status),
        )
        .route(
            &format!("{v2}/users/{{user_id}}/resend-email"),
            post(resend_email),
        )
        .route(
            &format!("{v2}/users/{{user_id}}/random-password"),
            get(reset_random_password),
        )
        .route(
            &format!("{v2}/users/{{user_id}}/otp-devices"),
            get(list_otp_devices).delete(batch_delete_otp_devices),
        )
        .route(
            &format!("{v2}/users/notification-records"),
            get(list_notification_records),
        )
        .route(&format!("{v2}/user-events"), get(list_user_events))
        .route(
            &format!("{v2}/user-events/lts-configurations"),
            get(show_lts_configuration).post(set_lts_configuration),
        )
        .route(
            &format!("{v2}/users/desktop-users/action/import"),
            post(import_user_list),
        )
        .route(
            &format!("{v2}/users/desktop-users/template"),
            get(user_list_template),
        )
        .route(
            &format!("{v2}/users/template/download"),
            get(users_template),
        )
        .route("/v3/{project_id}/users/export", post(export_users))
        .route("/v3/{project_id}/groups/export", post(export_user_groups))
        .fallback(unknown_api);
    routes
        .layer(middleware::from_fn_with_state(shared.clone(), gateway))
        .with_state(shared)
}

/// What the API gateway does before the service sees a request: reads the whole body, checks
/// the credentials and the project, and stamps a request id on the answer. It also records the
/// request for the tests.
async fn gateway(State(shared): State<Arc<Shared>>, request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    let request_id = {
        let mut store = shared.store();
        let n = store.next();
        format!("{:016x}{:016x}", mix(n), mix(!n))
    };
    let mut answer = match axum::body::to_bytes(body, BODY_LIMIT).await {
        Err(_) => Failure::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "APIGW.0201",
            "Request entity too large.",
        )
        .into_response(),
        Ok(bytes) => {
            shared.received().push(Received {
                method: parts.method.to_string(),
                path: parts.uri.path().to_owned(),
                query: parts.uri.query().map(str::to_owned),
                headers: parts
                    .headers
                    .iter()
                    .map(|(name, value)| {
                        let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
                        (name.as_str().to_owned(), value)
                    })
                    .collect(),
                body: bytes.to_vec(),
            });
            match admit(&parts.headers, parts.uri.path()) {
                Err(failure) => failure.into_response(),
                Ok(()) => {
                    next.run(Request::from_parts(parts, Body::from(bytes)))
                        .await
                }
            }
        }
    };
    let id = HeaderValue::from_str(&request_id).expect("hexadecimal digits");
    answer.headers_mut().insert("x-request-id", id);
    answer
}

/// Checks the credentials (a token, or a signature of the SDK's scheme, which is not verified)
/// and that the path names the served project.
fn admit(headers: &HeaderMap, path: &str) -> Result<(), Failure> {
    let text = |name: &str| headers.get(name).and_then(|value| value.to_str().ok());
    let token = text("x-auth-token") == Some(TOKEN);
    let signed = text("authorization").is_some_and(|a| a.starts_with("SDK-HMAC-SHA256 Access="));
    if !token && !signed {
        return Err(Failure::new(
            StatusCode::UNAUTHORIZED,
            "APIGW.0301",
            "Incorrect IAM authentication information: the token or the signature is missing or \
             not accepted",
        ));
    }
    let project = path.split('/').nth(2).unwrap_or_default();
    if project != PROJECT_ID {
        return Err(Failure::new(
            StatusCode::FORBIDDEN,
            "WKS.0003",
            format!("The project {project} is not the project of the credentials."),
        ));
    }
    Ok(())
}

async fn unknown_api() -> Failure {
    Failure::new(
        StatusCode::NOT_FOUND,
        "APIGW.0101",
        "The API does not exist or has not been published in the environment.",
    )
}

/// Reads a JSON object body, refusing other media types as the service does.
fn json_body(headers: &HeaderMap, body: &[u8]) -> Result<Map<String, Value>, Failure> {
    let media = headers
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    if !media.to_ascii_lowercase().starts_with("application/json") {
        return Err(Failure::bad(format!(
            "the body must be application/json, not {media:?}"
        )));
    }
    match serde_json::from_slice(body) {
        Ok(Value::Object(object)) => Ok(object),
        Ok(_) => Err(Failure::bad("the body must be a JSON object")),
        Err(error) => Err(Failure::bad(format!("the body is not valid JSON: {error}"))),
    }
}

/// The strings of a field that must be a list of strings.
fn strings(object: &Map<String, Value>, key: &str) -> Result<Vec<String>, Failure> {
    let bad = || Failure::bad(format!("{key} must be a list of strings"));
    let Some(Value::Array(items)) = object.get(key) else {
        return Err(bad());
    };
    items
        .iter()
        .map(|item| item.as_str().map(str::to_owned).ok_or_else(bad))
        .collect()
}

/// The query's pairs, percent-decoded, in order; a key repeats for each value of a list.
fn query_pairs(query: Option<&str>) -> Vec<(String, String)> {
    let decode = |text: &str| {
        let text = text.replace('+', " ");
        percent_decode_str(&text).decode_utf8_lossy().into_owned()
    };
    query
        .unwrap_or_default()
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(key), decode(value))
        })
        .collect()
}

/// A query read once: the last value of a key, every value of a key, and numbers checked.
struct Query(Vec<(String, String)>);

impl Query {
    fn new(raw: Option<String>) -> Self {
        Query(query_pairs(raw.as_deref()))
    }

    fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    fn all(&self, key: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    fn number(&self, key: &str) -> Result<Option<usize>, Failure> {
        self.get(key)
            .map(|value| {
                value
                    .parse()
                    .map_err(|_| Failure::bad(format!("{key} must be a number, not {value:?}")))
            })
            .transpose()
    }

    fn bool(&self, key: &str) -> Result<Option<bool>, Failure> {
        match self.get(key) {
            None => Ok(None),
            Some("true") => Ok(Some(true)),
            Some("false") => Ok(Some(false)),
            Some(other) => Err(Failure::bad(format!(
                "{key} must be true or false, not {other:?}"
            ))),
        }
    }

    /// The `offset` and `limit` window over `len` items; without a limit, everything from
    /// the offset.
    fn window(&self, len: usize, max: Option<usize>) -> Result<std::ops::Range<usize>, Failure> {
        let offset = self.number("offset")?.unwrap_or(0);
        let limit = self.number("limit")?;
        if let (Some(limit), Some(max)) = (limit, max)
            && limit > max
        {
            return Err(Failure::bad(format!("limit must be at most {max}")));
        }
        let start = offset.min(len);
        let end = limit.map_or(len, |limit| start.saturating_add(limit).min(len));
        Ok(start..end)
    }
}

fn listed(user: &StoredUser) -> Value {
    let field = |key: &str| user.fields.get(key).cloned().unwrap_or(Value::Null);
    let flag = |key: &str, default: bool| {
        user.fields
            .get(key)
            .and_then(Value::as_bool)
            .unwrap_or(default)
    };
    json!({
        "id": user.id,
        "sid": format!("S-1-5-21-{}", &user.id[..8]),
        "user_name": user.user_name,
        "user_email": field("user_email"),
        "total_desktops": 0,
        "user_phone": field("user_phone"),
        "active_type": user.fields.get("active_type").cloned().unwrap_or(json!("USER_ACTIVATE")),
        "is_pre_user": false,
        "account_expires": user.fields.get("account_expires").cloned().unwrap_or(json!("0")),
        "password_never_expired": flag("password_never_expired", false),
        "account_expired": false,
        "enable_change_password": flag("enable_change_password", true),
        "next_login_change_password": flag("next_login_change_password", true),
        "description": user.fields.get("description").cloned().unwrap_or(json!("")),
        "locked": user.locked,
        "disabled": flag("disabled", false),
        "share_space_subscription": false,
        "share_space_desktops": 0,
        "group_names": user.fields.get("group_ids").cloned().unwrap_or(json!([])),
        "enterprise_project_id": user.fields.get("enterprise_project_id").cloned()
            .unwrap_or(json!("0")),
        "user_info_map": field("user_info_map"),
        "domain": field("domain"),
        "certificate_status": false,
    })
}

fn detail(user: &StoredUser) -> Value {
    let listed = listed(user);
    json!({
        "description": listed["description"],
        "id": user.id,
        "user_name": user.user_name,
        "user_email": listed["user_email"],
        "user_phone": listed["user_phone"],
        "active_type": listed["active_type"],
        "object_sid": listed["sid"],
        "sam_account_name": user.user_name,
        "user_principal_name": format!("{}@workspace.local", user.user_name),
        "full_name": user.user_name,
        "distinguished_name": format!("CN={},OU=Users,DC=workspace,DC=local", user.user_name),
        "account_type": 0,
        "when_created": "2024-05-01T08:00:00.000Z",
        "account_expires": 0,
        "is_pre_user": false,
        "user_expired": false,
        "locked": user.locked,
        "enable_change_password": listed["enable_change_password"],
        "password_never_expired": listed["password_never_expired"],
        "next_login_change_password": listed["next_login_change_password"],
        "disabled": listed["disabled"],
        "group_names": listed["group_names"],
        "share_space_subscription": false,
        "share_space_desktops": 0,
        "total_desktops": 0,
    })
}

async fn batch_create_users(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Answer {
    let body = json_body(&headers, &body)?;
    let Some(Value::Array(users)) = body.get("users") else {
        return Err(Failure::bad("users must be a list of users"));
    };
    let mut store = shared.store();
    // All or none: the users are created on a copy that replaces the store only when every
    // one of them was accepted.
    let mut trial = Store {
        users: store.users.clone(),
        events: store.events.clone(),
        counter: store.counter,
        ..Store::default()
    };
    for user in users {
        let Value::Object(fields) = user else {
            return Err(Failure::bad("each user must be an object"));
        };
        trial.create(fields.clone())?;
    }
    store.users = trial.users;
    store.events = trial.events;
    store.counter = trial.counter;
    ok_empty()
}

async fn batch_delete_users(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Answer {
    let ids = strings(&json_body(&headers, &body)?, "user_ids")?;
    let mut store = shared.store();
    if let Some(missing) = ids
        .iter()
        .find(|id| store.users.iter().all(|u| &u.id != *id))
    {
        return Err(no_user(missing));
    }
    let (gone, kept) = std::mem::take(&mut store.users)
        .into_iter()
        .partition::<Vec<_>, _>(|user| ids.contains(&user.id));
    store.users = kept;
    for user in &gone {
        store.event("DELETE_USER", user);
    }
    ok_empty()
}

async fn create_user(State(shared): State<Arc<Shared>>, headers: HeaderMap, body: Bytes) -> Answer {
    let fields = json_body(&headers, &body)?;
    let user = shared.store().create(fields)?;
    ok_json(json!({"id": user.id}))
}

async fn delete_user(
    State(shared): State<Arc<Shared>>,
    Path((_, user_id)): Path<(String, String)>,
) -> Answer {
    let mut store = shared.store();
    let user = store.user(&user_id)?.clone();
    store.users.retain(|u| u.id != user_id);
    store.event("DELETE_USER", &user);
    ok_empty()
}

async fn show_user(
    State(shared): State<Arc<Shared>>,
    Path((_, user_id)): Path<(String, String)>,
) -> Answer {
    let mut store = shared.store();
    let user = store.user(&user_id)?;
    ok_json(json!({"user_detail": detail(user)}))
}

async fn update_user(
    State(shared): State<Arc<Shared>>,
    Path((_, user_id)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Answer {
    let changes = json_body(&headers, &body)?;
    const EDITABLE: [&str; 10] = [
        "description",
        "user_email",
        "user_phone",
        "active_type",
        "account_expires",
        "enable_change_password",
        "next_login_change_password",
        "password_never_expired",
        "disabled",
        "user_info_map",
    ];
    if let Some(key) = changes.keys().find(|key| !EDITABLE.contains(&key.as_str())) {
        return Err(Failure::bad(format!("{key} cannot be changed")));
    }
    let mut store = shared.store();
    let user = store.user(&user_id)?;
    user.fields.extend(changes);
    let user = user.clone();
    store.event("MODIFY_USER", &user);
    ok_json(json!({"id": user_id}))
}

async fn list_users(State(shared): State<Arc<Shared>>, RawQuery(query): RawQuery) -> Answer {
    let query = Query::new(query);
    let names = query.all("user_names");
    let disabled = query.bool("disabled")?;
    for key in [
        "share_space_subscription",
        "share_space_desktops",
        "is_query_total_desktops",
    ] {
        query.bool(key)?;
    }
    let store = shared.store();
    let matches: Vec<Value> = store
        .users
        .iter()
        .map(listed)
        .filter(|user| {
            let text = |key: &str| user[key].as_str().unwrap_or_default();
            query
                .get("user_name")
                .is_none_or(|name| text("user_name").contains(name))
                && (names.is_empty() || names.contains(&text("user_name")))
                && query
                    .get("description")
                    .is_none_or(|d| text("description").contains(d))
                && query
                    .get("active_type")
                    .is_none_or(|a| text("active_type") == a)
                && query.get("group_name").is_none_or(|group| {
                    user["group_names"]
                        .as_array()
                        .is_some_and(|groups| groups.iter().any(|g| g == group))
                })
                && query
                    .get("enterprise_project_id")
                    .is_none_or(|e| text("enterprise_project_id") == e)
                && disabled.is_none_or(|d| user["disabled"] == d)
                && query.get("domain").is_none_or(|d| text("domain") == d)
        })
        .collect();
    let window = query.window(matches.len(), None)?;
    ok_json(json!({
        "total_count": matches.len(),
        "users": matches[window],
    }))
}

async fn change_user_status(
    State(shared): State<Arc<Shared>>,
    Path((_, user_id)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Answer {
    let body = json_body(&headers, &body)?;
    let mut store = shared.store();
    let user = store.user(&user_id)?;
    let event = match body.get("op_type").and_then(Value::as_str) {
        Some("LOCK") => {
            user.locked = true;
            "LOCK_USER"
        }
        Some("UNLOCK") => {
            user.locked = false;
            "UNLOCK_USER"
        }
        Some("RESET_PWD") => "RESET_PASSWORD",
        _ => return Err(Failure::bad("op_type must be LOCK, UNLOCK or RESET_PWD")),
    };
    let user = user.clone();
    store.event(event, &user);
    ok_empty()
}

async fn resend_email(
    State(shared): State<Arc<Shared>>,
    Path((_, user_id)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Answer {
    json_body(&headers, &body)?;
    let mut store = shared.store();
    let user = store.user(&user_id)?;
    if !user.fields.contains_key("user_email") && !user.fields.contains_key("user_phone") {
        return Err(Failure::bad(format!(
            "The user {user_id} has no email address or phone number."
        )));
    }
    let user = user.clone();
    store.event("RESEND_EMAIL", &user);
    ok_empty()
}

async fn reset_random_password(
    State(shared): State<Arc<Shared>>,
    Path((_, user_id)): Path<(String, String)>,
    RawQuery(query): RawQuery,
) -> Answer {
    let query = Query::new(query);
    let mut store = shared.store();
    let user = store.user(&user_id)?.clone();
    let self_activated =
        user.fields.get("active_type").and_then(Value::as_str) != Some("ADMIN_ACTIVATE");
    let channels = query.get("notification_type").unwrap_or_default();
    if channels
        .split(',')
        .any(|c| !c.is_empty() && c != "email" && c != "phone")
    {
        return Err(Failure::bad(format!(
            "notification_type {channels:?} must be email, phone or both"
        )));
    }
    if self_activated && channels.is_empty() {
        return Err(Failure::bad(
            "notification_type is required for a user who activates the account",
        ));
    }
    let password = format!("Wk#{:08x}a", mix(store.next()) as u32);
    store.event("RESET_PASSWORD", &user);
    ok_json(json!({"password": password}))
}

async fn list_otp_devices(
    State(shared): State<Arc<Shared>>,
    Path((_, user_id)): Path<(String, String)>,
) -> Answer {
    let mut store = shared.store();
    let user = store.user(&user_id)?;
    let devices: Vec<Value> = user
        .otp_devices
        .iter()
        .map(|id| {
            json!({
                "id": id,
                "user_id": user.id,
                "user_name": user.user_name,
                "status": "REGISTERED",
                "create_time": "2024-05-01T08:30:00.000Z",
            })
        })
        .collect();
    ok_json(json!({"otp_devices": devices}))
}

async fn batch_delete_otp_devices(
    State(shared): State<Arc<Shared>>,
    Path((_, user_id)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Answer {
    let ids = strings(&json_body(&headers, &body)?, "otp_ids")?;
    let mut store = shared.store();
    let user = store.user(&user_id)?;
    if let Some(missing) = ids.iter().find(|id| !user.otp_devices.contains(id)) {
        return Err(Failure::new(
            StatusCode::NOT_FOUND,
            "WKS.0404",
            format!("The OTP device {missing} is not bound to the user {user_id}."),
        ));
    }
    user.otp_devices.retain(|id| !ids.contains(id));
    let user = user.clone();
    store.event("UNBIND_OTP_DEVICE", &user);
    ok_empty()
}

async fn list_notification_records(
    State(shared): State<Arc<Shared>>,
    RawQuery(query): RawQuery,
) -> Answer {
    let query = Query::new(query);
    let store = shared.store();
    let scope = query.get("query_type");
    if scope.is_some_and(|s| s != "DESKTOP" && s != "DESKTOP_POOL") {
        return Err(Failure::bad("query_type must be DESKTOP or DESKTOP_POOL"));
    }
    let mut records: Vec<&Value> = store
        .records
        .iter()
        .filter(|record| {
            let text = |key: &str| record[key].as_str().unwrap_or_default();
            let scoped = match scope {
                Some("DESKTOP") => !text("desktop_name").is_empty(),
                Some(_) => !text("desktop_pool_name").is_empty(),
                None => true,
            };
            scoped
                && query.get("type").is_none_or(|t| text("type") == t)
                && query
                    .get("user_name")
                    .is_none_or(|u| text("user_name") == u)
                && query
                    .get("desktop_name")
                    .is_none_or(|d| text("desktop_name") == d)
                && query
                    .get("desktop_pool_name")
                    .is_none_or(|p| text("desktop_pool_name") == p)
        })
        .collect();
    match (query.get("sort_field"), query.get("sort_type")) {
        (None, _) | (Some("operate_time"), None | Some("ASC")) => {}
        (Some("operate_time"), Some("DESC")) => records.reverse(),
        _ => return Err(Failure::bad("sort by operate_time, ASC or DESC")),
    }
    let window = query.window(records.len(), Some(1000))?;
    ok_json(json!({
        "total_count": records.len(),
        "notification_records": records[window],
    }))
}

async fn list_user_events(State(shared): State<Arc<Shared>>, RawQuery(query): RawQuery) -> Answer {
    let query = Query::new(query);
    let store = shared.store();
    let types: Vec<&str> = query
        .get("event_type")
        .map(|types| types.split(',').collect())
        .unwrap_or_default();
    let events: Vec<&Value> = store
        .events
        .iter()
        .filter(|event| {
            let text = |key: &str| event[key].as_str().unwrap_or_default();
            // The times are all `yyyy-MM-ddTHH:mm:ssZ`, so text order is time order.
            query
                .get("start_time")
                .is_none_or(|s| text("event_time") >= s)
                && query
                    .get("end_time")
                    .is_none_or(|e| text("event_time") <= e)
                && query.get("username").is_none_or(|u| text("username") == u)
                && (types.is_empty() || types.contains(&text("event_type")))
                && query
                    .get("resource_id")
                    .is_none_or(|r| text("resource_id") == r)
                && query
                    .get("resource_name")
                    .is_none_or(|r| text("resource_name") == r)
        })
        .collect();
    let window = query.window(events.len(), Some(1000))?;
    ok_json(json!({"count": events.len(), "items": events[window]}))
}

async fn show_lts_configuration(State(shared): State<Arc<Shared>>) -> Answer {
    let store = shared.store();
    let mut body = json!({"enable": store.lts_enabled});
    if let Some((group, stream)) = &store.lts {
        body["log_group_id"] = json!(group);
        body["log_stream_id"] = json!(stream);
    }
    ok_json(body)
}

async fn set_lts_configuration(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Answer {
    let body = json_body(&headers, &body)?;
    let Some(enable) = body.get("enable").and_then(Value::as_bool) else {
        return Err(Failure::bad("enable must be true or false"));
    };
    let text = |key: &str| body.get(key).and_then(Value::as_str).map(str::to_owned);
    let mut store = shared.store();
    match (text("log_group_id"), text("log_stream_id")) {
        (Some(group), Some(stream)) => store.lts = Some((group, stream)),
        (None, None) if !enable => {}
        _ => {
            return Err(Failure::bad(
                "log_group_id and log_stream_id are needed to enable forwarding",
            ));
        }
    }
    store.lts_enabled = enable;
    ok_empty()
}

async fn import_user_list(
    State(shared): State<Arc<Shared>>,
    RawQuery(query): RawQuery,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Answer {
    let query = Query::new(query);
    let mut multipart = multipart.map_err(|e| Failure::bad(format!("not a form upload: {e}")))?;
    let mut file = None;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| Failure::bad(format!("the form is malformed: {e}")))?
    {
        if field.name() == Some("file") && field.file_name().is_some() {
            let bytes = field
                .bytes()
                .await
                .map_err(|e| Failure::bad(format!("the file part is malformed: {e}")))?;
            file = Some(bytes);
        }
    }
    let Some(file) = file else {
        return Err(Failure::bad("the form has no file part named file"));
    };
    let text =
        std::str::from_utf8(&file).map_err(|_| Failure::bad("the user list is not UTF-8 text"))?;
    let mut store = shared.store();
    let (mut imported, mut failed) = (Vec::new(), Vec::new());
    let mut total = 0;
    for line in text.lines().filter(|line| !line.trim().is_empty()) {
        total += 1;
        let mut cells = line.split(',').map(str::trim);
        let (name, email, desktop) = (
            cells.next().unwrap_or_default(),
            cells.next().unwrap_or_default(),
            cells.next().unwrap_or_default(),
        );
        let mut fields = Map::new();
        fields.insert("user_name".into(), json!(name));
        fields.insert("user_email".into(), json!(email));
        let mut row = json!({
            "user_name": name,
            "domain": "",
            "user_email": email,
            "permission_group": "users",
            "desktop_name": desktop,
            "desktop_ip": query.get("subnet_id").map_or("", |_| "192.168.0.10"),
            "description": "",
        });
        match store.create(fields) {
            Ok(user) => {
                row["id"] = json!(user.id);
                imported.push(row);
            }
            Err(failure) => {
                row["description"] = json!(failure.message);
                failed.push(row);
            }
        }
    }
    ok_json(json!({
        "user_detail_list": imported,
        "failed_detail_list": failed,
        "total_count": total,
    }))
}

/// Answers a template: a stand-in for the service's spreadsheet, starting with the bytes a
/// ZIP archive (and so an `.xlsx` file) starts with.
fn template(file_name: &str, columns: &str) -> Answer {
    let mut bytes = b"PK\x03\x04".to_vec();
    bytes.extend_from_slice(columns.as_bytes());
    let disposition = format!("attachment; filename={file_name}");
    let mut response = Body::from(bytes).into_response();
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(SPREADSHEET_TYPE));
    headers.insert(
        CONTENT_DISPOSITION,
        HeaderValue::from_str(&disposition).expect("ASCII file name"),
    );
    Ok(response)
}

fn language(query: &Query) -> Result<&'static str, Failure> {
    match query.get("language") {
        None | Some("en_US") => Ok("en_US"),
        Some("zh_CN") => Ok("zh_CN"),
        Some(other) => Err(Failure::bad(format!(
            "language must be zh_CN or en_US, not {other:?}"
        ))),
    }
}

async fn user_list_template(RawQuery(query): RawQuery) -> Answer {
    let query = Query::new(query);
    let columns = match language(&query)? {
        "zh_CN" => "用户名,邮箱,桌面名称\n",
        _ => "user_name,user_email,desktop_name\n",
    };
    template("user_list_template.xlsx", columns)
}

async fn users_template(RawQuery(query): RawQuery) -> Answer {
    let query = Query::new(query);
    let language = language(&query)?;
    let columns = match query.get("active_type") {
        None | Some("USER_ACTIVATE") => "user_name,user_email,user_phone,description\n",
        Some("ADMIN_ACTIVATE") => "user_name,password,description\n",
        Some(other) => return Err(Failure::bad(format!("active_type {other} is unknown"))),
    };
    template(&format!("users_template_{language}.xlsx"), columns)
}

async fn export_users(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Answer {
    let body = json_body(&headers, &body)?;
    if let Some(language) = body.get("language").and_then(Value::as_str)
        && language != "zh_CN"
        && language != "en_US"
    {
        return Err(Failure::bad("language must be zh_CN or en_US"));
    }
    let task_id = shared.store().next_id("task");
    ok_json(json!({"task_id": task_id}))
}

async fn export_user_groups(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Answer {
    let body = json_body(&headers, &body)?;
    if body.contains_key("group_ids") {
        strings(&body, "group_ids")?;
    }
    let task_id = shared.store().next_id("task");
    ok_json(json!({"task_id": task_id}))
}
