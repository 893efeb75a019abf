//! A typed client for the users API of Huawei Cloud Workspace (the desktop users of a project,
//! their OTP devices, notification records, user events, imports and exports), declared with
//! restrait: every operation is one method of [`Users`], implemented for every
//! [`restrait::Api`] transport.
//!
//! ```no_run
//! use restrait::Client;
//! use restrait_workspace::{NewUser, ResendEmail, Users};
//!
//! # async fn run() -> Result<(), restrait::Error> {
//! let client = Client::builder("https://workspace.ap-southeast-1.myhuaweicloud.com")
//!     .access_key("HPUAL3KD6ZZ6CZ3W7UXQ", std::env::var("HUAWEICLOUD_SDK_SK").unwrap())
//!     .project_id("0a1b2c3d4e5f60718293a4b5c6d7e8f9")
//!     .build()?;
//! let ada = NewUser {
//!     user_email: Some("ada@example.com".to_owned()),
//!     ..NewUser::new("ada")
//! };
//! let created = client.create_user(&ada).await?;
//! client.resend_email(&created.id, &ResendEmail::default()).await?;
//! # Ok(())
//! # }
//! ```
//!
//! Every method returns [`restrait::Error`]; the service's failures are
//! [`restrait::Error::Status`] with its `error_code` (such as `WKS.0001`), `error_msg` and
//! request id. List operations page with [`restrait::paginate`]; see [`Users::list_users`].
//!
//! Each method names the operation of the official SDKs it corresponds to (`ListUserDetail`,
//! ...), and its HTTP method and path are those of the SDKs' metadata, recorded in this
//! repository's `tools/workspace_operations.tsv`.
//!
//! With the `mock` feature, the module `mock` is an embedded server that plays the service on
//! 127.0.0.1.
//!
//! With the `cli` feature, the package also builds `workspace-users`, a program that lists users
//! and resends activation emails from the command line (usage in the README).

#![deny(missing_docs)]

use std::future::Future;

use restrait::{Api, Bytes, Error, FormFile, PageRequest, api};

#[cfg(feature = "mock")]
pub mod mock;
pub mod model;

pub use model::*;

/// The users API of Workspace. Implemented for every transport: [`restrait::Client`], and
/// `restrait::testing::MockApi` in tests.
///
/// Every path starts with the project, filled from the client's
/// [`project_id`](restrait::ClientBuilder::project_id).
pub trait Users: Api {
    /// Creates several users in one call (`BatchCreateUsers`).
    #[api(post, "/v2/<project_id>/users/batch-create", client(project_id))]
    async fn batch_create_users(&self, #[body] body: &BatchCreateUsers) -> Result<(), Error>;

    /// Deletes users by id (`BatchDeleteUser`). Deleting a user twice has the effect of
    /// deleting it once, so the call may be retried.
    #[api(
        post,
        "/v2/<project_id>/users/batch-delete",
        client(project_id),
        idempotent
    )]
    async fn batch_delete_users(&self, #[body] body: &BatchDeleteUsers) -> Result<(), Error>;

    /// Creates a user (`CreateDesktopUser`) and returns its id.
    #[api(post, "/v2/<project_id>/users", client(project_id))]
    async fn create_user(&self, #[body] user: &NewUser) -> Result<UserId, Error>;

    /// Deletes a user (`DeleteUser`).
    #[api(delete, "/v2/<project_id>/users/<user_id>", client(project_id))]
    async fn delete_user(&self, user_id: &str) -> Result<(), Error>;

    /// Shows one user in full (`ListUserDetail`).
    #[api(get, "/v2/<project_id>/users/<user_id>", client(project_id))]
    async fn show_user(&self, user_id: &str) -> Result<ShowUserResponse, Error>;

    /// Changes a user's details (`UpdateUserInfo`) and returns its id.
    #[api(put, "/v2/<project_id>/users/<user_id>", client(project_id))]
    async fn update_user(
        &self,
        user_id: &str,
        #[body] changes: &UpdateUser,
    ) -> Result<UserId, Error>;

    /// Lists users (`ListUsers`), one page at a time: every filter is optional, `user_names`
    /// matches any of the names (sent as one `user_names` key per name), and without `limit`
    /// the service returns every match. [`Users::list_users_by`] takes the filters as one
    /// [`UserFilter`].
    ///
    /// ```no_run
    /// # use restrait_workspace::{ActiveType, Users};
    /// # async fn run(client: restrait::Client) -> Result<(), restrait::Error> {
    /// use futures_util::TryStreamExt;
    ///
    /// let admins: Vec<_> = restrait::paginate(100, |page| {
    ///     client.list_users(
    ///         None, &[], Some(page.limit), Some(page.offset), None,
    ///         Some(ActiveType::AdminActivate), None, None, None, None, None, None, None, None,
    ///     )
    /// })
    /// .try_collect()
    /// .await?;
    /// # Ok(())
    /// # }
    /// ```
    #[api(get, "/v2/<project_id>/users", client(project_id))]
    // One parameter per query key of the service; `list_users_by` takes them as one struct.
    #[allow(clippy::too_many_arguments)]
    async fn list_users(
        &self,
        #[query] user_name: Option<&str>,
        #[query] user_names: &[&str],
        #[query] limit: Option<u64>,
        #[query] offset: Option<u64>,
        #[query] description: Option<&str>,
        #[query] active_type: Option<ActiveType>,
        #[query] group_name: Option<&str>,
        #[query] share_space_subscription: Option<bool>,
        #[query] share_space_desktops: Option<bool>,
        #[query] is_query_total_desktops: Option<bool>,
        #[query] enterprise_project_id: Option<&str>,
        #[query] disabled: Option<bool>,
        #[query] domain: Option<&str>,
        #[query] platform_type: Option<PlatformType>,
    ) -> Result<ListUsersResponse, Error>;

    /// [`Users::list_users`] with the filters of `filter` and the page `page` (every match when
    /// `None`).
    ///
    /// ```no_run
    /// # use restrait_workspace::{UserFilter, Users};
    /// # async fn run(client: restrait::Client) -> Result<(), restrait::Error> {
    /// use futures_util::TryStreamExt;
    ///
    /// let filter = UserFilter { group_name: Some("finance"), ..UserFilter::default() };
    /// let users: Vec<_> =
    ///     restrait::paginate(100, |page| client.list_users_by(&filter, Some(page)))
    ///         .try_collect()
    ///         .await?;
    /// # Ok(())
    /// # }
    /// ```
    fn list_users_by(
        &self,
        filter: &UserFilter<'_>,
        page: Option<PageRequest>,
    ) -> impl Future<Output = Result<ListUsersResponse, Error>> + Send {
        self.list_users(
            filter.user_name,
            filter.user_names,
            page.map(|page| page.limit),
            page.map(|page| page.offset),
            filter.description,
            filter.active_type,
            filter.group_name,
            filter.share_space_subscription,
            filter.share_space_desktops,
            filter.is_query_total_desktops,
            filter.enterprise_project_id,
            filter.disabled,
            filter.domain,
            filter.platform_type,
        )
    }

    /// Locks or unlocks a user, or resets its password (`ChangeUserStatus`).
    #[api(post, "/v2/<project_id>/users/<user_id>/actions", client(project_id))]
    async fn change_user_status(
        &self,
        user_id: &str,
        #[body] body: &ChangeUserStatus,
    ) -> Result<(), Error>;

    /// Sends a user's activation email (or text message) again (`SendEmail`).
    #[api(
        post,
        "/v2/<project_id>/users/<user_id>/resend-email",
        client(project_id)
    )]
    async fn resend_email(&self, user_id: &str, #[body] body: &ResendEmail) -> Result<(), Error>;

    /// Gives a user a new random password (`ResetRandomPassword`) and returns it.
    /// `notification_type` says how to tell the user, `email`, `phone` or both as
    /// `email,phone`; it is needed for users who activate their own account.
    ///
    /// The service changes state on this `GET`: a retried call resets the password again.
    #[api(
        get,
        "/v2/<project_id>/users/<user_id>/random-password",
        client(project_id)
    )]
    async fn reset_random_password(
        &self,
        user_id: &str,
        #[query] notification_type: Option<&str>,
    ) -> Result<RandomPassword, Error>;

    /// Lists a user's OTP devices (`ListOtpDevicesByUserId`).
    #[api(
        get,
        "/v2/<project_id>/users/<user_id>/otp-devices",
        client(project_id)
    )]
    async fn list_otp_devices(&self, user_id: &str) -> Result<OtpDevices, Error>;

    /// Unbinds OTP devices from a user (`BatchDeleteOtpDevices`); a `DELETE` with a body.
    #[api(
        delete,
        "/v2/<project_id>/users/<user_id>/otp-devices",
        client(project_id)
    )]
    async fn batch_delete_otp_devices(
        &self,
        user_id: &str,
        #[body] body: &DeleteOtpDevices,
    ) -> Result<(), Error>;

    /// Lists the notifications the service held back (`ListNotificationRecords`); the service
    /// pages by `offset` and `limit` (at most 1000, the default).
    #[api(get, "/v2/<project_id>/users/notification-records", client(project_id))]
    #[allow(clippy::too_many_arguments)]
    async fn list_notification_records(
        &self,
        #[query] query_type: Option<NotificationScope>,
        #[query] desktop_name: Option<&str>,
        #[query] desktop_pool_name: Option<&str>,
        #[query] user_name: Option<&str>,
        #[query] r#type: Option<NotificationChannel>,
        #[query] offset: Option<u64>,
        #[query] limit: Option<u64>,
        #[query] sort_field: Option<&str>,
        #[query] sort_type: Option<SortOrder>,
    ) -> Result<NotificationRecords, Error>;

    /// Lists user events (`ListUserEvents`), optionally between two UTC times such as
    /// `2024-05-01T00:00:00Z`; `event_type` is one type or several separated by commas. The
    /// service pages by `offset` and `limit` (at most 1000, 100 by default).
    #[api(get, "/v2/<project_id>/user-events", client(project_id))]
    #[allow(clippy::too_many_arguments)]
    async fn list_user_events(
        &self,
        #[query] start_time: Option<&str>,
        #[query] end_time: Option<&str>,
        #[query] username: Option<&str>,
        #[query] event_type: Option<&str>,
        #[query] resource_id: Option<&str>,
        #[query] resource_name: Option<&str>,
        #[query] domain: Option<&str>,
        #[query] offset: Option<u64>,
        #[query] limit: Option<u64>,
    ) -> Result<UserEvents, Error>;

    /// Shows where user events are forwarded in LTS (`ListUserEventsLtsConfigurations`).
    #[api(
        get,
        "/v2/<project_id>/user-events/lts-configurations",
        client(project_id)
    )]
    async fn show_user_events_lts_configuration(&self) -> Result<LtsConfiguration, Error>;

    /// Sets where user events are forwarded in LTS (`SetUserEventsLtsConfigurations`). Setting
    /// the same configuration twice changes nothing, so the call may be retried. The media type
    /// is the one the official SDK sends for this operation.
    #[api(
        post,
        "/v2/<project_id>/user-events/lts-configurations",
        client(project_id),
        idempotent,
        content_type = "application/json;charset=utf-8"
    )]
    async fn set_user_events_lts_configuration(
        &self,
        #[body] configuration: &LtsConfiguration,
    ) -> Result<(), Error>;

    /// Imports users from a filled-in user list template (`ImportUserList`), uploaded as
    /// `multipart/form-data`; `vpc_id` and `subnet_id` place the desktops of the list.
    #[api(
        post,
        "/v2/<project_id>/users/desktop-users/action/import",
        client(project_id)
    )]
    async fn import_user_list(
        &self,
        #[query] vpc_id: Option<&str>,
        #[query] subnet_id: Option<&str>,
        #[file("file")] file: &FormFile,
    ) -> Result<ImportUserListResponse, Error>;

    /// Downloads the template of [`Users::import_user_list`] (`ExportUserListTemplate`), a
    /// spreadsheet, as raw bytes; `os_type` is the desktops' operating system.
    #[api(
        get,
        "/v2/<project_id>/users/desktop-users/template",
        client(project_id)
    )]
    async fn download_user_list_template(
        &self,
        #[query] language: Option<Language>,
        #[query] os_type: Option<&str>,
    ) -> Result<Bytes, Error>;

    /// Downloads the template for creating users in bulk (`ExportUsersTemplate`), a
    /// spreadsheet, as raw bytes.
    #[api(get, "/v2/<project_id>/users/template/download", client(project_id))]
    async fn download_users_template(
        &self,
        #[query] language: Option<Language>,
        #[query] active_type: Option<ActiveType>,
    ) -> Result<Bytes, Error>;

    /// Starts exporting users to a spreadsheet (`ExportUsersNew`, API v3).
    #[api(post, "/v3/<project_id>/users/export", client(project_id))]
    async fn export_users(&self, #[body] body: &ExportUsers) -> Result<ExportTask, Error>;

    /// Starts exporting user groups to a spreadsheet (`ExportUserGroupsNew`, API v3).
    #[api(post, "/v3/<project_id>/groups/export", client(project_id))]
    async fn export_user_groups(
        &self,
        #[body] body: &ExportUserGroups,
    ) -> Result<ExportTask, Error>;
}

impl<A: Api> Users for A {}

/// Finds the user named exactly `user_name`, if there is one.
pub async fn find_user(users: &impl Users, user_name: &str) -> Result<Option<User>, Error> {
    let names = [user_name];
    let filter = UserFilter {
        user_names: &names,
        ..UserFilter::default()
    };
    let page = users.list_users_by(&filter, None).await?;
    Ok(page
        .users
        .into_iter()
        .find(|user| user.user_name == user_name))
}

/// Returns the id of the user named `user.user_name`, creating the user when there is none.
///
/// Another client may create the same name between the lookup and the creation; the service
/// then refuses the creation with a 409, and the user it made is looked up again.
pub async fn ensure_user(users: &impl Users, user: &NewUser) -> Result<String, Error> {
    if let Some(found) = find_user(users, &user.user_name).await? {
        return Ok(found.id);
    }
    match users.create_user(user).await {
        Ok(created) => Ok(created.id),
        Err(error) if error.status().is_some_and(|s| s.as_u16() == 409) => {
            match find_user(users, &user.user_name).await? {
                Some(found) => Ok(found.id),
                None => Err(error),
            }
        }
        Err(error) => Err(error),
    }
}

/// Takes a user out of service: locks the account first, so that no new session starts while
/// the rest happens, unbinds its OTP devices and deletes it. A user that is already gone
/// counts as done.
pub async fn offboard_user(users: &impl Users, user_id: &str) -> Result<(), Error> {
    let lock = ChangeUserStatus {
        op_type: UserAction::Lock,
    };
    match users.change_user_status(user_id, &lock).await {
        Err(error) if error.is_not_found() => return Ok(()),
        other => other?,
    }
    let devices = users.list_otp_devices(user_id).await?.otp_devices;
    if !devices.is_empty() {
        let body = DeleteOtpDevices {
            otp_ids: devices.into_iter().map(|device| device.id).collect(),
        };
        users.batch_delete_otp_devices(user_id, &body).await?;
    }
    match users.delete_user(user_id).await {
        Err(error) if error.is_not_found() => Ok(()),
        other => other,
    }
}

/// The filters of [`Users::list_users`], for [`Users::list_users_by`]; all unset by default.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UserFilter<'a> {
    /// A user name (from 1 to 20 characters).
    pub user_name: Option<&'a str>,
    /// Any of these user names.
    pub user_names: &'a [&'a str],
    /// A part of the description.
    pub description: Option<&'a str>,
    /// The activation type.
    pub active_type: Option<ActiveType>,
    /// The exact name of a user group.
    pub group_name: Option<&'a str>,
    /// Whether the user subscribes to collaboration.
    pub share_space_subscription: Option<bool>,
    /// Whether the user has collaboration desktops.
    pub share_space_desktops: Option<bool>,
    /// Whether the service counts each user's desktops (`true` by default).
    pub is_query_total_desktops: Option<bool>,
    /// The enterprise project.
    pub enterprise_project_id: Option<&'a str>,
    /// Whether the account is disabled.
    pub disabled: Option<bool>,
    /// The domain.
    pub domain: Option<&'a str>,
    /// Where the account lives.
    pub platform_type: Option<PlatformType>,
}
