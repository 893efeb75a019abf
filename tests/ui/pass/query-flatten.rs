//! A struct of optional filters flattened into query parameters.

use restrait::{Api, Error, api};

#[derive(serde::Serialize, Default)]
pub struct UserFilter {
    pub user_name: Option<String>,
    pub user_names: Vec<String>,
    pub disabled: Option<bool>,
}

pub trait Users: Api {
    #[api(get, "/v2/users")]
    async fn list(
        &self,
        #[query] offset: Option<u64>,
        #[query(flatten)] filter: &UserFilter,
        #[query(flatten)] extra: Option<&std::collections::BTreeMap<String, String>>,
    ) -> Result<(), Error>;
}

impl Users for restrait::Client {}

fn main() {}
