//! A short session with the users API of Workspace: create users, list them page by page,
//! resend an activation email, and tell a missing user from a real failure.
//!
//! By default it runs against the embedded server of `restrait_workspace::mock` on 127.0.0.1,
//! and nothing leaves the machine:
//!
//! ```text
//! cargo run -p restrait-workspace --example workspace_users
//! ```
//!
//! With `RESTRAIT_ENDPOINT`, `HUAWEICLOUD_SDK_AK`, `HUAWEICLOUD_SDK_SK` and
//! `HUAWEICLOUD_SDK_PROJECT_ID` set, it runs against that endpoint instead: it creates three
//! users named `restrait-demo-*` and deletes them at the end.

use std::process::ExitCode;

use futures_util::TryStreamExt;
use restrait::{Client, ClientBuilder, Error, paginate};
use restrait_workspace::mock::MockServer;
use restrait_workspace::{
    BatchCreateUsers, NewUser, ResendEmail, User, UserFilter, Users, ensure_user, offboard_user,
};

#[tokio::main]
async fn main() -> ExitCode {
    // Kept alive until the end of `main`: dropping it stops the embedded server.
    let mut embedded = None;
    let client = match std::env::var_os(restrait::auth::ENDPOINT_VAR) {
        Some(_) => ClientBuilder::from_env()
            .map_err(|e| e.to_string())
            .and_then(|b| b.build().map_err(|e| e.to_string())),
        None => match MockServer::start().await {
            Ok(server) => {
                println!(
                    "using the embedded Workspace server at {}",
                    server.base_url()
                );
                let client = server.client().map_err(|e| e.to_string());
                embedded = Some(server);
                client
            }
            Err(error) => Err(format!("cannot start the embedded server: {error}")),
        },
    };
    let result = match client {
        Ok(client) => session(&client).await.map_err(|e| e.to_string()),
        Err(error) => Err(error),
    };
    drop(embedded);
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("the session failed: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn session(client: &Client) -> Result<(), Error> {
    let names = ["restrait-demo-ada", "restrait-demo-bob", "restrait-demo-cy"];
    let with_email = |name: &str| NewUser {
        user_email: Some(format!("{name}@example.com")),
        description: Some("created by the restrait example".to_owned()),
        ..NewUser::new(name)
    };

    // One user on its own (reused if a previous run left it), two more in one batch.
    let ada = ensure_user(client, &with_email(names[0])).await?;
    println!("user {} has the id {ada}", names[0]);
    let batch = BatchCreateUsers {
        users: names[1..].iter().map(|name| with_email(name)).collect(),
    };
    match client.batch_create_users(&batch).await {
        Ok(()) => println!("created {} more users in one batch", batch.users.len()),
        // Left over from an earlier run: the listing below shows them all the same.
        Err(error) if error.status().is_some_and(|s| s.as_u16() == 409) => {
            println!("the batch was refused, its users exist already")
        }
        Err(error) => return Err(error),
    }

    // Every demo user, two per request; `paginate` asks for the next page only when the
    // stream needs it, and stops once the service's total is reached.
    let filter = UserFilter {
        user_name: Some("restrait-demo"),
        ..UserFilter::default()
    };
    let mut pages = 0;
    let users: Vec<User> = paginate(2, |page| {
        pages += 1;
        println!(
            "  asking for users {}..{}",
            page.offset,
            page.offset + page.limit
        );
        client.list_users_by(&filter, Some(page))
    })
    .try_collect()
    .await?;
    println!("listed {} users in {pages} requests:", users.len());
    for user in &users {
        let email = user.user_email.as_deref().unwrap_or("-");
        println!("  {:<20} {email:<32} {}", user.user_name, user.id);
    }

    client.resend_email(&ada, &ResendEmail::default()).await?;
    println!("resent the activation email of {}", names[0]);

    // A user that does not exist is an answer, not a failure of the program.
    match client.show_user("00000000000000000000000000000000").await {
        Ok(shown) => println!("unexpectedly found {}", shown.user_detail.user_name),
        Err(error) if error.is_not_found() => {
            let service = error.service().expect("a 404 is a service error");
            println!(
                "no such user: {} {} (request id {})",
                service.error_code(),
                service.error_msg(),
                service.request_id().unwrap_or("none")
            );
        }
        Err(error) => return Err(error),
    }

    for user in &users {
        offboard_user(client, &user.id).await?;
    }
    println!("locked and deleted the {} demo users", users.len());
    Ok(())
}
