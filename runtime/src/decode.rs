//! The shared decoder: every `#[api]` method's response goes through [`execute`].

use std::marker::PhantomData;

use bytes::Bytes;
use serde::de::DeserializeOwned;

use crate::api::Api;
use crate::error::{DecodeError, Error, ServiceError};
use crate::request::RequestBuilder;
use crate::response::{RawResponse, Response};

/// How a 2xx response becomes a method's success value. `#[api]` picks the implementation
/// from the declared success type.
#[doc(hidden)]
pub trait Decode {
    /// The success value.
    type Output;

    /// Decodes a 2xx response.
    fn decode(response: RawResponse) -> Result<Self::Output, Error>;
}

/// A JSON body decoded into `T`.
#[doc(hidden)]
pub struct Json<T>(PhantomData<fn() -> T>);

impl<T: DeserializeOwned> Decode for Json<T> {
    type Output = T;

    fn decode(response: RawResponse) -> Result<T, Error> {
        serde_json::from_slice(response.body())
            .map_err(|source| Error::Decode(Box::new(DecodeError::new(response, source))))
    }
}

/// Any 2xx, with or without a body, as `()`.
#[doc(hidden)]
pub struct Unit;

impl Decode for Unit {
    type Output = ();

    fn decode(_: RawResponse) -> Result<(), Error> {
        Ok(())
    }
}

/// The body as raw bytes.
#[doc(hidden)]
pub struct Raw;

impl Decode for Raw {
    type Output = Bytes;

    fn decode(response: RawResponse) -> Result<Bytes, Error> {
        Ok(response.into_parts().2)
    }
}

/// `D`'s output with the status and headers ([`Response`]).
#[doc(hidden)]
pub struct WithResponse<D>(PhantomData<fn() -> D>);

impl<D: Decode> Decode for WithResponse<D> {
    type Output = Response<D::Output>;

    fn decode(response: RawResponse) -> Result<Self::Output, Error> {
        let status = response.status();
        let headers = response.headers().clone();
        Ok(Response::new(status, headers, D::decode(response)?))
    }
}

/// Finishes the request, sends it through `api` and decodes the response: a 2xx with `D`,
/// anything else into [`Error::Status`].
///
/// The error is converted into the method's declared error type `E`, so generated code has no
/// `async` block of its own: one future type, this one, serves every method, and the compiler
/// proves it `Send` once per decoder rather than once per declared method.
#[doc(hidden)]
pub async fn execute<D: Decode, A: Api + ?Sized, E: From<Error>>(
    api: &A,
    builder: RequestBuilder,
) -> Result<D::Output, E> {
    send_and_decode::<D, A>(api, builder).await.map_err(E::from)
}

async fn send_and_decode<D: Decode, A: Api + ?Sized>(
    api: &A,
    builder: RequestBuilder,
) -> Result<D::Output, Error> {
    let request = builder.finish()?;
    let response = api.send(request).await?;
    if response.status().is_success() {
        D::decode(response)
    } else {
        Err(Error::Status(Box::new(ServiceError::from_response(
            response,
        ))))
    }
}
