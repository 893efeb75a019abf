//! Region endpoints of Huawei Cloud services.

/// The domain under which Huawei Cloud's public regions serve their APIs.
pub const DEFAULT_DOMAIN: &str = "myhuaweicloud.com";

/// The prefix of the variables that override a region endpoint, as the official SDKs name them.
const REGION_OVERRIDE_PREFIX: &str = "HUAWEICLOUD_SDK_REGION";

/// The endpoint of `service` in `region`: `https://<service>.<region>.myhuaweicloud.com`.
///
/// ```
/// use restrait_runtime::auth::region_endpoint;
///
/// assert_eq!(
///     region_endpoint("workspace", "ap-southeast-1"),
///     "https://workspace.ap-southeast-1.myhuaweicloud.com"
/// );
/// ```
pub fn region_endpoint(service: &str, region: &str) -> String {
    format!("https://{service}.{region}.{DEFAULT_DOMAIN}")
}

/// The endpoint of `service` in `region`, unless the environment overrides it.
///
/// The override is the variable named by [`region_override_variable`], such as
/// `HUAWEICLOUD_SDK_REGION_WORKSPACE_AP_SOUTHEAST_1`, which the official SDKs read too; when it
/// lists several endpoints separated by commas, the first is taken. An empty variable counts as
/// unset. Otherwise the endpoint is [`region_endpoint`]'s.
pub fn region_endpoint_from_env(service: &str, region: &str) -> String {
    resolve(service, region, |name| std::env::var(name).ok())
}

/// The name of the variable that overrides the endpoint of `service` in `region`:
/// `HUAWEICLOUD_SDK_REGION_`, the service upper-cased, `_`, then the region upper-cased with
/// `-` turned into `_`.
///
/// ```
/// use restrait_runtime::auth::region_override_variable;
///
/// assert_eq!(
///     region_override_variable("workspace", "ap-southeast-1"),
///     "HUAWEICLOUD_SDK_REGION_WORKSPACE_AP_SOUTHEAST_1"
/// );
/// ```
pub fn region_override_variable(service: &str, region: &str) -> String {
    format!(
        "{REGION_OVERRIDE_PREFIX}_{}_{}",
        service.to_uppercase(),
        region.replace('-', "_").to_uppercase()
    )
}

pub(crate) fn resolve(
    service: &str,
    region: &str,
    lookup: impl FnOnce(&str) -> Option<String>,
) -> String {
    lookup(&region_override_variable(service, region))
        .and_then(|value| {
            let first = value.split(',').next().unwrap_or_default().trim();
            (!first.is_empty()).then(|| first.to_owned())
        })
        .unwrap_or_else(|| region_endpoint(service, region))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_override_wins_and_its_first_entry_is_taken() {
        let lookup = |value: &'static str| {
            move |name: &str| {
                assert_eq!(name, "HUAWEICLOUD_SDK_REGION_IAM_CN_NORTH_4");
                Some(value.to_owned())
            }
        };
        let resolved = resolve("iam", "cn-north-4", lookup("https://a.example, https://b"));
        assert_eq!(resolved, "https://a.example");
        let resolved = resolve("iam", "cn-north-4", lookup(""));
        assert_eq!(resolved, "https://iam.cn-north-4.myhuaweicloud.com");
        assert_eq!(resolve("iam", "cn-north-4", |_| None), resolved);
    }
}
