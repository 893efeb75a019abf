trait __Expanded {
    /// Resends the activation email to a desktop user.
    fn resend_email(
        &self,
        project_id: &str,
        user_id: &str,
        body: &ResendEmail,
    ) -> impl ::restrait::__private::Future<
        Output = Result<(), Error>,
    > + ::restrait::__private::Send {
        static __RESTRAIT_OPERATION: ::restrait::__private::Operation = ::restrait::__private::Operation {
            name: "resend_email",
            method: ::restrait::__private::Method::POST,
            template: "/v2/<project_id>/users/<user_id>/resend-email",
            segments: &[
                ::restrait::__private::Segment::Literal("/v2/"),
                ::restrait::__private::Segment::Param("project_id"),
                ::restrait::__private::Segment::Literal("/users/"),
                ::restrait::__private::Segment::Param("user_id"),
                ::restrait::__private::Segment::Literal("/resend-email"),
            ],
            headers: &[],
            content_type: ::restrait::__private::Option::None,
            timeout: ::restrait::__private::Option::None,
            idempotent: false,
        };
        let mut __restrait_request = ::restrait::__private::RequestBuilder::new(
            self,
            &__RESTRAIT_OPERATION,
        );
        __restrait_request.path(self, &project_id);
        __restrait_request.path(self, &user_id);
        __restrait_request.json(&body);
        ::restrait::__private::execute::<
            ::restrait::__private::Unit,
            Self,
            _,
        >(self, __restrait_request)
    }
}
