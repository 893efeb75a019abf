//! The bodies of the users API: what the operations send and what they answer.
//!
//! Field names are the service's, as the official SDKs spell them. Request fields that the
//! service treats as optional are `Option`s left out of the JSON when `None`; response fields
//! are `Option`s (or empty lists) too, since the service omits what does not apply, and unknown
//! fields are ignored so that a newer service still decodes.

use restrait::{Page, Secret};
use serde::{Deserialize, Deserializer, Serialize};

/// How a new user's account is activated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ActiveType {
    /// The user activates the account: the service sends the sign-in details (access address,
    /// enterprise id, user name, password) by email or text message.
    UserActivate,
    /// The administrator sets the password (or the account comes from an AD domain, where only
    /// the user name is given).
    AdminActivate,
}

/// What [`Users::change_user_status`](crate::Users::change_user_status) does to an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum UserAction {
    /// Locks the account.
    Lock,
    /// Unlocks the account.
    Unlock,
    /// Resets the password.
    ResetPwd,
}

/// The language of a downloaded template or export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Language {
    /// Chinese.
    #[serde(rename = "zh_CN")]
    ZhCn,
    /// English.
    #[serde(rename = "en_US")]
    EnUs,
}

/// Where a user account lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum PlatformType {
    /// An Active Directory domain.
    Ad,
    /// The service's own directory.
    Local,
    /// A UOS domain.
    Uos,
}

/// Whether notification records of desktops or of desktop pools are listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum NotificationScope {
    /// Records about desktops.
    Desktop,
    /// Records about desktop pools.
    DesktopPool,
}

/// How a notification was to be sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum NotificationChannel {
    /// By email.
    Email,
    /// By text message.
    Sms,
}

/// A sort direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum SortOrder {
    /// Ascending, the service's default.
    Asc,
    /// Descending.
    Desc,
}

/// A user to create (the SDK's `CreateUserRequest`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewUser {
    /// The user name.
    pub user_name: String,
    /// The email address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_email: Option<String>,
    /// When the account expires, as `yyyy-MM-ddTHH:mm:ssZ` or `yyyy-MM-ddTHH:mm:ss.SSSZ`; `0`
    /// for never.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_expires: Option<String>,
    /// How the account is activated; user activation when `None`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active_type: Option<ActiveType>,
    /// The mobile phone number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_phone: Option<String>,
    /// The initial password, needed for [`ActiveType::AdminActivate`] outside an AD domain.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    /// Whether the user may change the password; `true` when `None`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_change_password: Option<bool>,
    /// Whether the password must be changed at the next sign-in; `true` when `None`. Only for
    /// [`ActiveType::AdminActivate`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_login_change_password: Option<bool>,
    /// The ids of the user groups to join.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub group_ids: Vec<String>,
    /// A description, up to 255 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// An alias.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alias_name: Option<String>,
    /// The enterprise project.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enterprise_project_id: Option<String>,
    /// The user's service level, operation mode and type, as the service encodes them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_info_map: Option<String>,
    /// The domain the user belongs to; the primary domain when `None`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
}

impl NewUser {
    /// A user with this name and nothing else set.
    pub fn new(user_name: impl Into<String>) -> Self {
        NewUser {
            user_name: user_name.into(),
            ..NewUser::default()
        }
    }
}

/// The body of [`Users::batch_create_users`](crate::Users::batch_create_users) (the SDK's
/// `BatchCreateUsersReq`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchCreateUsers {
    /// The users to create.
    pub users: Vec<NewUser>,
}

/// The body of [`Users::batch_delete_users`](crate::Users::batch_delete_users) (the SDK's
/// `BatchDeleteUserReq`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchDeleteUsers {
    /// The ids of the users to delete.
    pub user_ids: Vec<String>,
}

/// The body of [`Users::batch_delete_otp_devices`](crate::Users::batch_delete_otp_devices)
/// (the SDK's `DelOtpDevicesReq`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeleteOtpDevices {
    /// The ids of the OTP device bindings to remove.
    pub otp_ids: Vec<String>,
}

/// The body of [`Users::change_user_status`](crate::Users::change_user_status) (the SDK's
/// `OperateUserReq`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeUserStatus {
    /// What to do.
    pub op_type: UserAction,
}

/// The changes of [`Users::update_user`](crate::Users::update_user) (the SDK's `EditUserReq`);
/// fields left `None` keep their value.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdateUser {
    /// A description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The email address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_email: Option<String>,
    /// The mobile phone number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_phone: Option<String>,
    /// How the account is activated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active_type: Option<ActiveType>,
    /// When the account expires; `0` for never.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_expires: Option<String>,
    /// Whether the user may change the password.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_change_password: Option<bool>,
    /// Whether the password must be changed at the next sign-in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_login_change_password: Option<bool>,
    /// Whether the password never expires.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_never_expired: Option<bool>,
    /// Whether the account is disabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disabled: Option<bool>,
    /// The user's service level, operation mode and type, as the service encodes them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_info_map: Option<String>,
}

/// The body of [`Users::resend_email`](crate::Users::resend_email) (the SDK's
/// `ResendEmailReq`); the service's default templates when both are `None`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResendEmail {
    /// The email template.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template_id: Option<String>,
    /// The text message template.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_template_id: Option<String>,
}

/// Where user events are forwarded in Log Tank Service (LTS): sent by
/// [`Users::set_user_events_lts_configuration`](crate::Users::set_user_events_lts_configuration)
/// and answered by
/// [`Users::show_user_events_lts_configuration`](crate::Users::show_user_events_lts_configuration).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LtsConfiguration {
    /// Whether events are forwarded.
    #[serde(default)]
    pub enable: bool,
    /// The log group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_group_id: Option<String>,
    /// The log stream.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_stream_id: Option<String>,
}

/// The body of [`Users::export_users`](crate::Users::export_users) (the SDK's
/// `ExportUsersNewReq`): which users to export.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportUsers {
    /// A part of the user name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_name: Option<String>,
    /// Exact user names.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub user_names: Vec<String>,
    /// A part of the description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The activation type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active_type: Option<ActiveType>,
    /// The language of the column titles; English when `None`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<Language>,
    /// The enterprise project.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enterprise_project_id: Option<String>,
}

/// The body of [`Users::export_user_groups`](crate::Users::export_user_groups) (the SDK's
/// `ExportUserGroupsNewReq`): which groups to export.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportUserGroups {
    /// A part of the group name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Group ids; combined with `name`, only groups matching both are exported.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub group_ids: Vec<String>,
    /// The language of the column titles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<Language>,
}

/// The id of a user just created or updated (the SDK's `CreateDesktopUserResponse` and
/// `UpdateUserInfoResponse`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserId {
    /// The user's id.
    #[serde(default)]
    pub id: String,
}

/// A user as listed by [`Users::list_users`](crate::Users::list_users) (the SDK's `User`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct User {
    /// The user's id.
    #[serde(default)]
    pub id: String,
    /// The user's security identifier.
    pub sid: Option<String>,
    /// The user name.
    #[serde(default)]
    pub user_name: String,
    /// The email address.
    pub user_email: Option<String>,
    /// How many desktops are assigned to the user.
    pub total_desktops: Option<u32>,
    /// The mobile phone number.
    pub user_phone: Option<String>,
    /// How the account is activated (`USER_ACTIVATE`, `ADMIN_ACTIVATE`).
    pub active_type: Option<String>,
    /// Whether the user was created in advance.
    pub is_pre_user: Option<bool>,
    /// When the account expires; `0` for never.
    pub account_expires: Option<String>,
    /// Whether the password never expires.
    pub password_never_expired: Option<bool>,
    /// Whether the account has expired.
    pub account_expired: Option<bool>,
    /// Whether the user may change the password.
    pub enable_change_password: Option<bool>,
    /// Whether the password must be changed at the next sign-in.
    pub next_login_change_password: Option<bool>,
    /// The description.
    pub description: Option<String>,
    /// Whether the account is locked.
    pub locked: Option<bool>,
    /// Whether the account is disabled.
    pub disabled: Option<bool>,
    /// Whether the user subscribes to collaboration (share space).
    pub share_space_subscription: Option<bool>,
    /// How many collaboration desktops are bound to the user.
    pub share_space_desktops: Option<u32>,
    /// The groups the user belongs to.
    #[serde(default)]
    pub group_names: Vec<String>,
    /// The enterprise project.
    pub enterprise_project_id: Option<String>,
    /// The user's service level, operation mode and type, as the service encodes them.
    pub user_info_map: Option<String>,
    /// The domain.
    pub domain: Option<String>,
    /// Whether the user has a user certificate.
    pub certificate_status: Option<bool>,
}

/// One page of [`Users::list_users`](crate::Users::list_users) (the SDK's
/// `ListUsersResponse`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListUsersResponse {
    /// How many users match, over all pages.
    pub total_count: Option<u64>,
    /// The users of this page.
    #[serde(default)]
    pub users: Vec<User>,
}

impl Page for ListUsersResponse {
    type Item = User;

    fn total(&self) -> Option<u64> {
        self.total_count
    }

    fn into_items(self) -> Vec<User> {
        self.users
    }
}

/// One user in full (the SDK's `UserDetail`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct UserDetail {
    /// The description.
    pub description: Option<String>,
    /// The user's id.
    #[serde(default)]
    pub id: String,
    /// The user name.
    #[serde(default)]
    pub user_name: String,
    /// The email address.
    pub user_email: Option<String>,
    /// The mobile phone number.
    pub user_phone: Option<String>,
    /// How the account is activated (`USER_ACTIVATE`, `ADMIN_ACTIVATE`).
    pub active_type: Option<String>,
    /// The security identifier in the directory.
    pub object_sid: Option<String>,
    /// The pre-Windows 2000 logon name.
    pub sam_account_name: Option<String>,
    /// The logon name.
    pub user_principal_name: Option<String>,
    /// The full name.
    pub full_name: Option<String>,
    /// The distinguished name: the user's place in the directory tree.
    pub distinguished_name: Option<String>,
    /// `0` for a user, `1` for a group.
    pub account_type: Option<i32>,
    /// When the user was created, `yyyy-MM-ddTHH:mm:ss.SSSZ`.
    pub when_created: Option<String>,
    /// The last day of validity, in milliseconds since the Unix epoch (UTC).
    pub account_expires: Option<i64>,
    /// Whether the user was created in advance.
    pub is_pre_user: Option<bool>,
    /// Whether the account has expired.
    pub user_expired: Option<bool>,
    /// Whether the account is locked.
    pub locked: Option<bool>,
    /// Whether the user may change the password.
    pub enable_change_password: Option<bool>,
    /// Whether the password never expires.
    pub password_never_expired: Option<bool>,
    /// Whether the password must be changed at the next sign-in.
    pub next_login_change_password: Option<bool>,
    /// Whether the account is disabled.
    pub disabled: Option<bool>,
    /// The groups the user belongs to.
    #[serde(default)]
    pub group_names: Vec<String>,
    /// Whether the user subscribes to collaboration (share space).
    pub share_space_subscription: Option<bool>,
    /// How many collaboration desktops are bound to the user.
    pub share_space_desktops: Option<u32>,
    /// How many desktops are assigned to the user.
    pub total_desktops: Option<u32>,
}

/// The answer of [`Users::show_user`](crate::Users::show_user) (the SDK's
/// `ListUserDetailResponse`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShowUserResponse {
    /// The user.
    #[serde(default)]
    pub user_detail: UserDetail,
}

/// A password the service generated (the SDK's `ResetRandomPasswordResponse`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct RandomPassword {
    /// The new password; shown redacted by `Debug` and `Display`.
    #[serde(default, deserialize_with = "secret")]
    pub password: Option<Secret>,
}

/// Reads a string into a [`Secret`] at once, so the plain text is never kept in the model.
fn secret<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Secret>, D::Error> {
    Ok(Option::<String>::deserialize(deserializer)?.map(Secret::from))
}

/// A user's binding of a one-time-password device (the SDK's `OtpDevice`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct OtpDevice {
    /// The binding's id, the one
    /// [`Users::batch_delete_otp_devices`](crate::Users::batch_delete_otp_devices) takes.
    #[serde(default)]
    pub id: String,
    /// The user's id.
    pub user_id: Option<String>,
    /// The user name.
    pub user_name: Option<String>,
    /// `REGISTERED` or `UNREGISTER`.
    pub status: Option<String>,
    /// When the device was bound, as the service formats it.
    pub create_time: Option<String>,
}

/// The answer of [`Users::list_otp_devices`](crate::Users::list_otp_devices) (the SDK's
/// `ListOtpDevicesByUserIdResponse`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OtpDevices {
    /// The user's devices.
    #[serde(default)]
    pub otp_devices: Vec<OtpDevice>,
}

/// A notification the service held back (the SDK's `NotificationRecordInfo`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct NotificationRecord {
    /// The project.
    pub project_id: Option<String>,
    /// The channel, `EMAIL` or `SMS`.
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// The user name.
    pub user_name: Option<String>,
    /// The desktop.
    pub desktop_name: Option<String>,
    /// The desktop pool.
    pub desktop_pool_name: Option<String>,
    /// The outcome.
    pub result: Option<String>,
    /// Why sending failed.
    pub error_message: Option<String>,
    /// When it was to be sent.
    pub operate_time: Option<String>,
}

/// One page of [`Users::list_notification_records`](crate::Users::list_notification_records)
/// (the SDK's `ListNotificationRecordsResponse`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationRecords {
    /// How many records match, over all pages.
    pub total_count: Option<u64>,
    /// The records of this page.
    #[serde(default)]
    pub notification_records: Vec<NotificationRecord>,
}

impl Page for NotificationRecords {
    type Item = NotificationRecord;

    fn total(&self) -> Option<u64> {
        self.total_count
    }

    fn into_items(self) -> Vec<NotificationRecord> {
        self.notification_records
    }
}

/// Something a user did, or the service did for a user (the SDK's `UserEventRsp`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct UserEvent {
    /// The project.
    pub project_id: Option<String>,
    /// The user name.
    pub username: Option<String>,
    /// The enterprise id.
    pub workspace_id: Option<String>,
    /// Links the events of one trace.
    pub event_trace_id: Option<String>,
    /// What happened, such as `LOGIN`.
    pub event_type: Option<String>,
    /// When, in UTC, such as `1970-01-01T00:00:00Z`.
    pub event_time: Option<String>,
    /// The kind of resource acted on.
    pub resource_type: Option<String>,
    /// The resource's id.
    pub resource_id: Option<String>,
    /// The resource's name.
    pub resource_name: Option<String>,
    /// The client's kind.
    pub client_type: Option<String>,
    /// The client's IP address.
    pub client_ip: Option<String>,
    /// The client's MAC address.
    pub client_mac: Option<String>,
    /// The client's version.
    pub client_version: Option<String>,
    /// The source IP address of the user.
    pub source_ip: Option<String>,
    /// Whether it succeeded.
    pub is_success: Option<bool>,
    /// The error code of a failure.
    pub error_code: Option<String>,
    /// The error message of a failure.
    pub error_msg: Option<String>,
    /// Who triggered it: `USER` or `SYSTEM`.
    pub action_type: Option<String>,
}

/// One page of [`Users::list_user_events`](crate::Users::list_user_events) (the SDK's
/// `ListUserEventsResponse`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserEvents {
    /// How many events match, over all pages.
    pub count: Option<u64>,
    /// The events of this page.
    #[serde(default)]
    pub items: Vec<UserEvent>,
}

impl Page for UserEvents {
    type Item = UserEvent;

    fn total(&self) -> Option<u64> {
        self.count
    }

    fn into_items(self) -> Vec<UserEvent> {
        self.items
    }
}

/// One row of an imported user list (the SDK's `DesktopUserDetail`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ImportedUser {
    /// The user's id.
    pub id: Option<String>,
    /// The user name.
    pub user_name: Option<String>,
    /// The domain.
    pub domain: Option<String>,
    /// The email address.
    pub user_email: Option<String>,
    /// The permission group.
    pub permission_group: Option<String>,
    /// The desktop to assign.
    pub desktop_name: Option<String>,
    /// The desktop's IP address.
    pub desktop_ip: Option<String>,
    /// The description.
    pub description: Option<String>,
}

/// The outcome of [`Users::import_user_list`](crate::Users::import_user_list) (the SDK's
/// `ImportUserListResponse`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportUserListResponse {
    /// The rows that were imported.
    #[serde(default)]
    pub user_detail_list: Vec<ImportedUser>,
    /// The rows that were not.
    #[serde(default)]
    pub failed_detail_list: Vec<ImportedUser>,
    /// How many rows the list had.
    pub total_count: Option<u64>,
    /// An error code, when the whole import failed.
    pub error_code: Option<String>,
    /// An error message, when the whole import failed.
    pub error_msg: Option<String>,
    /// Details of the failure.
    pub error_detail: Option<String>,
}

/// An export started in the background (the SDK's `ExportUsersNewResponse` and
/// `ExportUserGroupsNewResponse`); the file is fetched through the export task API.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportTask {
    /// The export task's id.
    #[serde(default)]
    pub task_id: String,
}
