trait __Expanded {
    fn list_users(
        &self,
        offset: Option<u32>,
        limit: Option<u32>,
        name: Option<&str>,
        token: &str,
    ) -> impl ::restrait::__private::Future<
        Output = Result<Response<ListUsers>, Error>,
    > + ::restrait::__private::Send {
        static __RESTRAIT_HEADERS: [(
            ::restrait::__private::HeaderName,
            ::restrait::__private::HeaderValue,
        ); 1usize] = [
            (
                ::restrait::__private::HeaderName::from_static("x-language"),
                ::restrait::__private::HeaderValue::from_static("en-us"),
            ),
        ];
        static __RESTRAIT_OPERATION: ::restrait::__private::Operation = ::restrait::__private::Operation {
            name: "list_users",
            method: ::restrait::__private::Method::GET,
            template: "/v2/<project_id>/users",
            segments: &[
                ::restrait::__private::Segment::Literal("/v2/"),
                ::restrait::__private::Segment::Client("project_id"),
                ::restrait::__private::Segment::Literal("/users"),
            ],
            headers: &__RESTRAIT_HEADERS,
            content_type: ::restrait::__private::Option::None,
            timeout: ::restrait::__private::Option::None,
            idempotent: true,
        };
        static __RESTRAIT_HEADER_3: ::restrait::__private::HeaderName = ::restrait::__private::HeaderName::from_static(
            "x-client-token",
        );
        let mut __restrait_request = ::restrait::__private::RequestBuilder::new(
            self,
            &__RESTRAIT_OPERATION,
        );
        __restrait_request.query("offset", &offset);
        __restrait_request.query("limit", &limit);
        __restrait_request.query("user_name", &name);
        __restrait_request.header(&__RESTRAIT_HEADER_3, &token);
        ::restrait::__private::execute::<
            ::restrait::__private::WithResponse<::restrait::__private::Json<ListUsers>>,
            Self,
            _,
        >(self, __restrait_request)
    }
}
