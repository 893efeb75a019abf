//! When and how soon [`Client`](crate::Client) sends a request again.

use std::time::{Duration, SystemTime};

use http::{HeaderMap, StatusCode};

/// The statuses retried by default: throttling and the gateway errors that say the request
/// did not reach a working backend.
const DEFAULT_STATUSES: [StatusCode; 4] = [
    StatusCode::TOO_MANY_REQUESTS,
    StatusCode::BAD_GATEWAY,
    StatusCode::SERVICE_UNAVAILABLE,
    StatusCode::GATEWAY_TIMEOUT,
];

/// When a [`Client`](crate::Client) sends a request again, and how long it waits first.
///
/// The default policy makes at most 3 attempts. It retries:
///
/// - a connection that could not be made (nothing was sent, so any request is safe to send);
/// - a 429, 502, 503 or 504 answer, for idempotent requests only: GET, HEAD, PUT, DELETE,
///   OPTIONS and methods declared `idempotent` in `#[api]`. A POST or PATCH that is not declared
///   so is never sent twice, unless [`RetryPolicy::retry_non_idempotent`] says otherwise.
///
/// A timeout, a connection broken after the request was sent, and every other status are not
/// retried: the service may have acted on the request.
///
/// Between attempts the client waits a random time between zero and
/// `base_delay * 2^(retry - 1)`, capped at `max_delay` ("full jitter", so that many clients
/// failing together do not come back together), or, when the response carries `Retry-After`
/// (seconds or an HTTP date), that long, capped at [`RetryPolicy::max_retry_after`]. No wait
/// runs past the call's timeout or the policy's [`deadline`](RetryPolicy::deadline): the last
/// answer is returned instead.
///
/// ```
/// use std::time::Duration;
/// use restrait_runtime::{Client, RetryPolicy};
///
/// let policy = RetryPolicy::new()
///     .max_attempts(5)
///     .backoff(Duration::from_millis(50), Duration::from_secs(2))
///     .deadline(Duration::from_secs(20));
/// let client = Client::builder("https://workspace.example.com").retry_policy(policy).build()?;
/// let never = Client::builder("https://workspace.example.com")
///     .retry_policy(RetryPolicy::none())
///     .build()?;
/// # Ok::<(), restrait_runtime::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    base_delay: Duration,
    max_delay: Duration,
    max_retry_after: Duration,
    deadline: Option<Duration>,
    statuses: Vec<StatusCode>,
    non_idempotent: bool,
}

impl Default for RetryPolicy {
    /// 3 attempts, backoff from 100 ms up to 5 s, `Retry-After` honoured up to 10 s, no
    /// deadline beyond the call's timeout; see [`RetryPolicy`] for what is retried.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(5),
            max_retry_after: Duration::from_secs(10),
            deadline: None,
            statuses: DEFAULT_STATUSES.to_vec(),
            non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// The default policy; see [`RetryPolicy::default`].
    pub fn new() -> Self {
        RetryPolicy::default()
    }

    /// A policy that sends every request once.
    pub fn none() -> Self {
        RetryPolicy::default().max_attempts(1)
    }

    /// Sends a request at most `attempts` times in all, the first included. Zero counts as one.
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// Waits up to `base * 2^(retry - 1)` before a retry, never more than `max`.
    pub fn backoff(mut self, base: Duration, max: Duration) -> Self {
        self.base_delay = base;
        self.max_delay = max;
        self
    }

    /// Honours a response's `Retry-After` up to `cap`; a longer one is cut to `cap`.
    pub fn max_retry_after(mut self, cap: Duration) -> Self {
        self.max_retry_after = cap;
        self
    }

    /// Starts no retry, and no wait before one, that would end more than `deadline` after the
    /// call began. The call's timeout bounds the call in any case; this bounds the time spent
    /// retrying without cutting an attempt short.
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// Retries these statuses instead of 429, 502, 503 and 504.
    pub fn statuses(mut self, statuses: impl IntoIterator<Item = StatusCode>) -> Self {
        self.statuses = statuses.into_iter().collect();
        self
    }

    /// Whether a POST or PATCH not declared `idempotent` may be retried after a response too.
    /// Off by default: only turn it on for a service known to deduplicate requests.
    pub fn retry_non_idempotent(mut self, retry: bool) -> Self {
        self.non_idempotent = retry;
        self
    }

    /// The most attempts a call makes, the first included.
    pub fn attempts(&self) -> u32 {
        self.max_attempts
    }

    /// Whether `attempts` attempts leave room for one more.
    pub(crate) fn allows_another(&self, attempts: u32) -> bool {
        attempts < self.max_attempts
    }

    /// Whether an answer with `status` is worth another attempt of a request that is (or is
    /// not) idempotent.
    pub(crate) fn retries_status(&self, status: StatusCode, idempotent: bool) -> bool {
        (idempotent || self.non_idempotent) && self.statuses.contains(&status)
    }

    /// The retry budget measured from the start of the call, if any.
    pub(crate) fn deadline_after_start(&self) -> Option<Duration> {
        self.deadline
    }

    /// How long to wait before retry number `retry` (1 for the second attempt), given the
    /// `Retry-After` of the last response and a source of randomness returning a number in
    /// `0..=bound`.
    pub(crate) fn delay(
        &self,
        retry: u32,
        retry_after: Option<Duration>,
        random: impl FnOnce(u64) -> u64,
    ) -> Duration {
        if let Some(asked) = retry_after {
            return asked.min(self.max_retry_after);
        }
        let doubling = 1u32 << retry.saturating_sub(1).min(31);
        let ceiling = self
            .base_delay
            .checked_mul(doubling)
            .map_or(self.max_delay, |delay| delay.min(self.max_delay));
        let ceiling = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
        Duration::from_nanos(random(ceiling).min(ceiling))
    }
}

/// A random number in `0..=bound`, for the jitter.
pub(crate) fn jitter(bound: u64) -> u64 {
    fastrand::u64(..=bound)
}

/// How long a response asks to wait before the next attempt: `Retry-After` as a number of
/// seconds or as an HTTP date, measured from `now`. A date in the past asks for no wait; an
/// unreadable value is ignored.
pub(crate) fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let text = headers
        .get(http::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        // A number too large for `u64` asks for longer than any cap.
        return Some(Duration::from_secs(text.parse().unwrap_or(u64::MAX)));
    }
    let when = httpdate::parse_http_date(text).ok()?;
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(retry_after: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert("retry-after", retry_after.parse().unwrap());
        headers
    }

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let now = httpdate::parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT").unwrap();
        let read = |value| retry_after(&headers(value), now);
        assert_eq!(read("120"), Some(Duration::from_secs(120)));
        assert_eq!(read(" 0 "), Some(Duration::ZERO));
        assert_eq!(
            read("99999999999999999999999"),
            Some(Duration::from_secs(u64::MAX))
        );
        assert_eq!(
            read("Sun, 06 Nov 1994 08:49:47 GMT"),
            Some(Duration::from_secs(10))
        );
        assert_eq!(read("Sun, 06 Nov 1994 08:00:00 GMT"), Some(Duration::ZERO));
        assert_eq!(read("-5"), None);
        assert_eq!(read("soon"), None);
        assert_eq!(read("1.5"), None);
        assert_eq!(retry_after(&HeaderMap::new(), now), None);
    }

    #[test]
    fn backoff_doubles_up_to_the_cap_with_full_jitter() {
        let policy = RetryPolicy::new().backoff(Duration::from_millis(100), Duration::from_secs(1));
        let highest = |retry| policy.delay(retry, None, |bound| bound);
        assert_eq!(highest(1), Duration::from_millis(100));
        assert_eq!(highest(2), Duration::from_millis(200));
        assert_eq!(highest(4), Duration::from_millis(800));
        assert_eq!(highest(5), Duration::from_secs(1));
        assert_eq!(highest(1000), Duration::from_secs(1));
        assert_eq!(policy.delay(3, None, |_| 0), Duration::ZERO);
        for _ in 0..100 {
            assert!(policy.delay(3, None, jitter) <= Duration::from_millis(400));
        }
        let huge = RetryPolicy::new().backoff(Duration::MAX, Duration::MAX);
        assert_eq!(
            huge.delay(40, None, |bound| bound),
            Duration::from_nanos(u64::MAX)
        );
    }

    #[test]
    fn retry_after_wins_over_backoff_up_to_its_cap() {
        let policy = RetryPolicy::new().max_retry_after(Duration::from_secs(3));
        let asked = |secs| policy.delay(1, Some(Duration::from_secs(secs)), |_| 0);
        assert_eq!(asked(2), Duration::from_secs(2));
        assert_eq!(asked(3600), Duration::from_secs(3));
    }

    #[test]
    fn statuses_are_retried_for_idempotent_requests_only() {
        let policy = RetryPolicy::new();
        for status in [429, 502, 503, 504] {
            let status = StatusCode::from_u16(status).unwrap();
            assert!(policy.retries_status(status, true), "{status}");
            assert!(!policy.retries_status(status, false), "{status}");
        }
        assert!(!policy.retries_status(StatusCode::INTERNAL_SERVER_ERROR, true));
        let opted_in = RetryPolicy::new()
            .statuses([StatusCode::INTERNAL_SERVER_ERROR])
            .retry_non_idempotent(true);
        assert!(opted_in.retries_status(StatusCode::INTERNAL_SERVER_ERROR, false));
        assert!(!opted_in.retries_status(StatusCode::SERVICE_UNAVAILABLE, true));
        assert!(!RetryPolicy::none().allows_another(1));
        assert_eq!(RetryPolicy::new().max_attempts(0).attempts(), 1);
        assert!(RetryPolicy::new().allows_another(2) && !RetryPolicy::new().allows_another(3));
    }
}
