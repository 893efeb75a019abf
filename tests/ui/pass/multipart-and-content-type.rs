//! A `multipart/form-data` upload, and a JSON body sent with a declared media type.

use restrait::{Api, Error, FormFile, api};

#[derive(serde::Serialize)]
pub struct Rename {
    pub name: String,
}

pub trait Users: Api {
    #[api(post, "/v2/<project_id>/users/desktop-users/action/import", client(project_id))]
    async fn import_user_list(
        &self,
        #[query] vpc_id: Option<&str>,
        #[form("description")] description: &str,
        #[file] file: &FormFile,
        #[file("extra")] extra: Option<FormFile>,
    ) -> Result<(), Error>;

    #[api(put, "/v2/users/<user_id>", content_type = "application/json;charset=UTF-8")]
    async fn rename(&self, user_id: &str, #[body] body: &Rename) -> Result<(), Error>;
}

impl Users for restrait::Client {}

fn main() {}
