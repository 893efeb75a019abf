//! Walking offset/limit list operations page by page as one stream of items.

use std::collections::VecDeque;
use std::future::Future;

use futures_core::Stream;

use crate::error::Error;

/// One page of an offset/limit list operation's response: implement it for the response type
/// of a list method to use it with [`paginate`].
///
/// ```
/// #[derive(serde::Deserialize)]
/// struct ListUsers {
///     users: Vec<String>,
///     total_count: u64,
/// }
///
/// impl restrait_runtime::Page for ListUsers {
///     type Item = String;
///
///     fn total(&self) -> Option<u64> {
///         Some(self.total_count)
///     }
///
///     fn into_items(self) -> Vec<String> {
///         self.users
///     }
/// }
/// ```
pub trait Page {
    /// What the page lists.
    type Item;

    /// How many items the whole listing has, when the service says so. Paging stops once the
    /// offset reaches it, saving the request for an empty last page.
    fn total(&self) -> Option<u64> {
        None
    }

    /// The page's items, in order.
    fn into_items(self) -> Vec<Self::Item>;
}

/// Where one page starts and how many items it asks for; pass both to the list method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    /// The number of items before this page.
    pub offset: u64,
    /// The page size.
    pub limit: u64,
}

/// Lists every item of an offset/limit list operation: calls `fetch` for the page at offset 0,
/// `limit`, `2 * limit`, ... and yields the items one by one.
///
/// Paging stops after a page shorter than `limit`, an empty page, or once the offset reaches
/// the page's [`Page::total`]. An error is yielded as the stream's last item. Pages are fetched
/// only as the stream is polled, one at a time.
///
/// ```no_run
/// # use restrait_runtime::{Error, Page, PageRequest, paginate};
/// # struct Users(Vec<String>);
/// # impl Page for Users { type Item = String; fn into_items(self) -> Vec<String> { self.0 } }
/// # async fn list_users(offset: u64, limit: u64) -> Result<Users, Error> { todo!() }
/// # async fn run() -> Result<(), Error> {
/// use futures_util::TryStreamExt;
///
/// let users = paginate(100, |page: PageRequest| list_users(page.offset, page.limit));
/// let all: Vec<String> = users.try_collect().await?;
/// # Ok(())
/// # }
/// ```
pub fn paginate<P, F, Fut>(limit: u64, fetch: F) -> impl Stream<Item = Result<P::Item, Error>>
where
    P: Page,
    F: FnMut(PageRequest) -> Fut,
    Fut: Future<Output = Result<P, Error>>,
{
    let limit = limit.max(1);
    let state = State {
        fetch,
        items: VecDeque::new(),
        offset: 0,
        limit,
        done: false,
    };
    futures_util::stream::unfold(state, |mut state| async move {
        loop {
            if let Some(item) = state.items.pop_front() {
                return Some((Ok(item), state));
            }
            if state.done {
                return None;
            }
            let request = PageRequest {
                offset: state.offset,
                limit: state.limit,
            };
            match (state.fetch)(request).await {
                Err(error) => {
                    state.done = true;
                    return Some((Err(error), state));
                }
                Ok(page) => {
                    let total = page.total();
                    let items = page.into_items();
                    let count = items.len() as u64;
                    state.offset += count;
                    state.done = count < state.limit || total.is_some_and(|t| state.offset >= t);
                    state.items.extend(items);
                }
            }
        }
    })
}

struct State<F, T> {
    fetch: F,
    items: VecDeque<T>,
    offset: u64,
    limit: u64,
    done: bool,
}

#[cfg(test)]
mod tests {
    use futures_util::StreamExt;

    use super::*;

    struct Numbers(Vec<u64>, Option<u64>);

    impl Page for Numbers {
        type Item = u64;

        fn total(&self) -> Option<u64> {
            self.1
        }

        fn into_items(self) -> Vec<u64> {
            self.0
        }
    }

    /// Serves `0..len` in pages, recording each request.
    async fn collect(len: u64, limit: u64, with_total: bool) -> (Vec<u64>, Vec<PageRequest>) {
        let mut requests = Vec::new();
        let items: Vec<_> = paginate(limit, |page: PageRequest| {
            requests.push(page);
            let end = (page.offset + page.limit).min(len);
            let total = with_total.then_some(len);
            std::future::ready(Ok::<_, Error>(Numbers(
                (page.offset.min(end)..end).collect(),
                total,
            )))
        })
        .map(Result::unwrap)
        .collect()
        .await;
        (items, requests)
    }

    #[tokio::test]
    async fn walks_every_page_once() {
        let (items, requests) = collect(7, 3, false).await;
        assert_eq!(items, (0..7).collect::<Vec<_>>());
        let offsets: Vec<u64> = requests.iter().map(|r| r.offset).collect();
        assert_eq!(offsets, [0, 3, 6]);

        // A listing that fills its last page needs one more, empty, request without a total...
        let (items, requests) = collect(6, 3, false).await;
        assert_eq!((items.len(), requests.len()), (6, 3));
        // ...and none with one.
        let (items, requests) = collect(6, 3, true).await;
        assert_eq!((items.len(), requests.len()), (6, 2));
    }

    #[tokio::test]
    async fn an_error_ends_the_stream() {
        let mut calls = 0;
        let stream = paginate(2, |page: PageRequest| {
            calls += 1;
            std::future::ready(if page.offset == 0 {
                Ok(Numbers(vec![1, 2], None))
            } else {
                Err(Error::Build(Box::new(crate::error::BuildError::new(
                    "list",
                    crate::error::BuildErrorKind::EmptyPathValue { placeholder: "x" },
                ))))
            })
        });
        let results: Vec<_> = stream.collect().await;
        assert_eq!(results.len(), 3);
        assert!(results[2].is_err());
        assert_eq!(calls, 2);
    }
}
