//! `workspace-users`: the users of a Huawei Cloud Workspace project from the command line, through
//! the typed client of `restrait_workspace` (feature `cli`).
//!
//! ```text
//! export HUAWEICLOUD_SDK_AK=... HUAWEICLOUD_SDK_SK=... HUAWEICLOUD_SDK_PROJECT_ID=...
//! cargo run -p restrait-workspace --features cli -- --region ap-southeast-1 list
//! cargo run -p restrait-workspace --features cli,mock -- --mock list --json
//! ```
//!
//! Credentials come from the variables the official SDKs read: an access key pair
//! (`HUAWEICLOUD_SDK_AK`, `HUAWEICLOUD_SDK_SK`, and `HUAWEICLOUD_SDK_SECURITY_TOKEN` for
//! temporary keys), or else an IAM token in `HUAWEICLOUD_SDK_TOKEN`. Results go to stdout;
//! progress and errors go to stderr, and a failure exits with status 1.

use std::cell::Cell;
use std::env::VarError;
use std::error::Error as StdError;
use std::io::{self, IsTerminal, Write};
use std::pin::pin;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};
use futures_util::StreamExt;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressFinish, ProgressStyle};
use restrait::auth::{
    ACCESS_KEY_VAR, Credentials, ENDPOINT_VAR, EnvConfig, PROJECT_ID_VAR, SECRET_KEY_VAR,
    region_endpoint,
};
use restrait::{Client, Secret, paginate};
use restrait_workspace::{ResendEmail, User, UserFilter, Users};

/// An IAM token, used when no access key is set. restrait's runtime reads only access keys from
/// the environment, so this program reads the token itself.
const TOKEN_VAR: &str = "HUAWEICLOUD_SDK_TOKEN";

/// The service's name in its endpoints, `https://workspace.<region>.myhuaweicloud.com`.
const SERVICE: &str = "workspace";

/// Anything that ends the program; its `Display` is the whole message shown.
type Failure = Box<dyn StdError>;

/// Lists the users of a Huawei Cloud Workspace project and resends activation emails.
///
/// Credentials: HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK (with HUAWEICLOUD_SDK_SECURITY_TOKEN
/// for temporary keys), or HUAWEICLOUD_SDK_TOKEN for an IAM token. The project is
/// --project-id or HUAWEICLOUD_SDK_PROJECT_ID.
#[derive(Debug, Parser)]
#[command(name = "workspace-users", version)]
struct Cli {
    /// The region, such as ap-southeast-1; the endpoint is
    /// https://workspace.<region>.myhuaweicloud.com
    #[arg(long, global = true)]
    region: Option<String>,

    /// The service's base URL, instead of the one of --region; else RESTRAIT_ENDPOINT
    #[arg(long, global = true)]
    endpoint: Option<String>,

    /// The project; else HUAWEICLOUD_SDK_PROJECT_ID
    #[arg(long, global = true)]
    project_id: Option<String>,

    /// Runs against an embedded server on 127.0.0.1 holding sample users; needs no account
    #[cfg(feature = "mock")]
    #[arg(long, global = true, conflicts_with_all = ["region", "endpoint", "project_id"])]
    mock: bool,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Lists the project's users, one request per page
    List(ListArgs),
    /// Sends a user's activation email again
    ResendEmail {
        /// The user's id, the first column of `list`
        user_id: String,
    },
}

#[derive(Debug, Args)]
struct ListArgs {
    /// How many users each request asks for
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u64).range(1..))]
    page_size: u64,

    /// Only users whose name matches this one (the service matches part of a name)
    #[arg(long)]
    name: Option<String>,

    /// Shows at most this many users, and requests no page past them
    #[arg(long)]
    limit: Option<u64>,

    /// Prints each user as one line of JSON, with all its fields
    #[arg(long)]
    json: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // One call at a time: a single-threaded runtime is all the program needs.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build();
    let result = match runtime {
        Ok(runtime) => runtime.block_on(run(cli)),
        Err(error) => Err(error.into()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("workspace-users: {failure}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> Result<(), Failure> {
    #[cfg(feature = "mock")]
    if cli.mock {
        let server = restrait_workspace::mock::MockServer::start().await?;
        let client = server.client()?;
        let count = seed(&client).await?;
        eprintln!(
            "using the embedded Workspace server at {} with {count} sample users",
            server.base_url()
        );
        // `server` lives until the command is done: dropping it stops the server.
        return execute(&client, &cli.command).await;
    }
    let client = connect(&cli)?;
    execute(&client, &cli.command).await
}

async fn execute(client: &Client, command: &Command) -> Result<(), Failure> {
    match command {
        Command::List(args) => list(client, args).await,
        Command::ResendEmail { user_id } => {
            client
                .resend_email(user_id, &ResendEmail::default())
                .await?;
            println!("sent the activation email of user {user_id} again");
            Ok(())
        }
    }
}

/// Builds the client for the real service from the flags and the environment. Everything is
/// checked before anything is sent, and no error message shows a credential.
fn connect(cli: &Cli) -> Result<Client, Failure> {
    let (credentials, env_project_id) = credentials()?;
    let endpoint = match (&cli.endpoint, &cli.region) {
        (Some(endpoint), _) => endpoint.clone(),
        (None, Some(region)) => region_endpoint(SERVICE, region),
        (None, None) => var(ENDPOINT_VAR)?.ok_or_else(|| {
            format!(
                "no endpoint: pass `--region` (such as `ap-southeast-1`) or `--endpoint`, or \
                 set `{ENDPOINT_VAR}`"
            )
        })?,
    };
    let project_id = cli
        .project_id
        .clone()
        .or(env_project_id)
        .ok_or_else(|| format!("no project: pass `--project-id` or set `{PROJECT_ID_VAR}`"))?;
    let client = Client::builder(endpoint)
        .credentials(credentials)
        .project_id(project_id)
        .build()?;
    Ok(client)
}

/// The credentials of the environment and the project id found beside them: the access key
/// when `HUAWEICLOUD_SDK_AK` is set, else the IAM token when `HUAWEICLOUD_SDK_TOKEN` is.
fn credentials() -> Result<(Credentials, Option<String>), Failure> {
    if var(ACCESS_KEY_VAR)?.is_none()
        && let Some(token) = var(TOKEN_VAR)?
    {
        return Ok((
            Credentials::Token(Secret::from(token)),
            var(PROJECT_ID_VAR)?,
        ));
    }
    match EnvConfig::from_env() {
        Ok(config) => {
            let project_id = config.project_id().map(str::to_owned);
            Ok((config.credentials(), project_id))
        }
        // Without an access key the token is the other way in; say so where it is missed.
        Err(error) if error.variable() == ACCESS_KEY_VAR => Err(format!(
            "{error}: set it and `{SECRET_KEY_VAR}` to sign with an access key, or set \
             `{TOKEN_VAR}` to an IAM token"
        )
        .into()),
        Err(error) => Err(error.into()),
    }
}

/// The value of the environment variable `name`; an empty one counts as unset, as the
/// runtime's own reading of the environment has it.
fn var(name: &str) -> Result<Option<String>, Failure> {
    match std::env::var(name) {
        Ok(value) => Ok(Some(value).filter(|value| !value.is_empty())),
        Err(VarError::NotPresent) => Ok(None),
        Err(VarError::NotUnicode(_)) => {
            Err(format!("the environment variable `{name}` is not valid Unicode").into())
        }
    }
}

async fn list(client: &Client, args: &ListArgs) -> Result<(), Failure> {
    let filter = UserFilter {
        user_name: args.name.as_deref(),
        ..UserFilter::default()
    };
    let limit = args.limit.unwrap_or(u64::MAX);
    // A page larger than what will be shown would only make the one response longer.
    let page_size = args.page_size.min(limit.max(1));
    let progress = progress_bar();
    // The total the service reported with the last page, for the progress message.
    let total = Cell::new(None);
    let users = paginate(page_size, |page| {
        let last = page.offset.saturating_add(page.limit);
        let message = match total.get() {
            Some(total) => format!("loading users {}-{} of {total}", page.offset + 1, last),
            None => format!("loading users {}-{last}", page.offset + 1),
        };
        progress.set_message(message);
        let request = client.list_users_by(&filter, Some(page));
        let total = &total;
        async move {
            let response = request.await?;
            total.set(response.total_count);
            Ok(response)
        }
    });
    let mut users = pin!(users.take(usize::try_from(limit).unwrap_or(usize::MAX)));
    let mut stdout = io::stdout().lock();
    while let Some(user) = users.next().await {
        let user = user?;
        match progress.suspend(|| print_user(&mut stdout, &user, args.json)) {
            // The reader went away (`| head`): what it wanted has been shown.
            Err(error) if error.kind() == io::ErrorKind::BrokenPipe => return Ok(()),
            other => other?,
        }
    }
    Ok(())
}

/// A spinner on stderr while pages load, cleared when dropped; hidden when stderr is not a
/// terminal, so that logs and captured output stay free of control sequences.
fn progress_bar() -> ProgressBar {
    if !io::stderr().is_terminal() {
        return ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
    }
    let progress = ProgressBar::new_spinner().with_finish(ProgressFinish::AndClear);
    if let Ok(style) = ProgressStyle::with_template("{spinner} {msg}") {
        progress.set_style(style);
    }
    progress.enable_steady_tick(Duration::from_millis(100));
    progress
}

/// One user, as a JSON line or as its id, name and email separated by spaces.
fn print_user(out: &mut impl Write, user: &User, json: bool) -> io::Result<()> {
    if json {
        serde_json::to_writer(&mut *out, user)?;
        writeln!(out)
    } else {
        let email = user.user_email.as_deref().unwrap_or("-");
        writeln!(out, "{}  {:<20}  {email}", user.id, user.user_name)
    }
}

/// Fills the embedded server with a few users, so that `--mock list` has something to page
/// through, and returns how many.
#[cfg(feature = "mock")]
async fn seed(client: &Client) -> Result<usize, restrait::Error> {
    use restrait_workspace::{BatchCreateUsers, NewUser};

    let names = [
        "ada", "grace", "alan", "barbara", "edsger", "margaret", "donald",
    ];
    let users = names
        .iter()
        .map(|name| NewUser {
            user_email: Some(format!("{name}@example.com")),
            ..NewUser::new(*name)
        })
        .collect();
    client
        .batch_create_users(&BatchCreateUsers { users })
        .await?;
    Ok(names.len())
}
