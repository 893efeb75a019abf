use restrait::api;

#[api(get, "/v2/users")]
pub struct Users;

fn main() {}
