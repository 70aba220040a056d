//! The command line: `jurydesk [serve]`, `migrate`, `create-admin`, `users list`, `version`.

use crate::config::{DataConfig, ServeConfig};
use crate::startup;
use app::domain::Lang;
use app::ssr::services::{PageRequest, accounts};
use clap::{Args, FromArgMatches, Parser, Subcommand};
use std::io::BufRead;

#[derive(Parser)]
#[command(
    name = "jurydesk",
    version,
    about = "JuryDesk: startup contests — rules, entries, judging, ranking, prizes, results.",
    long_about = "JuryDesk runs startup idea contests: founders submit ideas, judges score them on \
                  a weighted rubric over several rounds, the organising committee publishes results.\n\n\
                  Without a command it starts the web server."
)]
pub struct Cli {
    #[command(flatten)]
    data: DataConfig,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Start the web server (the default): migrates the database first.
    Serve(ServeConfig),
    /// Apply pending database migrations, then exit.
    Migrate,
    /// Create an administrator, or make an existing account one.
    CreateAdmin(CreateAdmin),
    /// Manage user accounts.
    Users {
        #[command(subcommand)]
        command: UsersCommand,
    },
    /// Replay a round's results from its published files, offline (no database).
    Results(crate::results::ResultsArgs),
    /// Print the version.
    Version,
}

#[derive(Args)]
struct CreateAdmin {
    /// Email address to sign in with.
    #[arg(long)]
    email: String,
    /// Full name shown in the application.
    #[arg(long)]
    name: String,
    /// Read the password from the first line of standard input instead of asking for it.
    #[arg(long)]
    password_stdin: bool,
}

#[derive(Subcommand)]
enum UsersCommand {
    /// List accounts, 100 per page, by email.
    List {
        /// Page number, from 1.
        #[arg(long, default_value_t = 1)]
        page: u64,
    },
}

pub async fn run(cli: Cli) -> Result<(), String> {
    match cli.command {
        Some(Command::Serve(serve)) => run_server(&cli.data, serve).await,
        None => {
            // No command: serve with settings from the environment and defaults.
            let matches = ServeConfig::augment_args(clap::Command::new("serve"))
                .try_get_matches_from(["serve"])
                .map_err(|e| e.to_string())?;
            let serve = ServeConfig::from_arg_matches(&matches).map_err(|e| e.to_string())?;
            run_server(&cli.data, serve).await
        }
        Some(Command::Migrate) => {
            startup::open_database(&cli.data).await?;
            println!("The database is up to date.");
            Ok(())
        }
        Some(Command::CreateAdmin(args)) => create_admin(&cli.data, args).await,
        Some(Command::Users {
            command: UsersCommand::List { page },
        }) => {
            let db = startup::open_database(&cli.data).await?;
            let (users, total) = accounts::list_users(&db, PageRequest::new(Some(page), 100))
                .await
                .map_err(|e| e.to_string())?;
            println!("{:<40} {:<30} role", "email", "name");
            for u in &users {
                println!(
                    "{:<40} {:<30} {}",
                    u.email,
                    u.name,
                    if u.is_admin { "admin" } else { "" }
                );
            }
            println!("{} of {total} accounts (page {page})", users.len());
            Ok(())
        }
        Some(Command::Results(args)) => crate::results::run(args),
        Some(Command::Version) => {
            println!("jurydesk {}", env!("CARGO_PKG_VERSION"));
            Ok(())
        }
    }
}

fn init_logging() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_env("JURYDESK_LOG")
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn,tower_sessions=warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false);
    if std::env::var("JURYDESK_LOG_FORMAT").as_deref() == Ok("json") {
        builder.json().init();
    } else {
        builder.init();
    }
}

async fn run_server(data: &DataConfig, serve: ServeConfig) -> Result<(), String> {
    init_logging();
    let db = startup::open_database(data).await?;
    let (has_admin, _) = admin_count(&db).await?;
    let (router, state) = startup::build(db, &serve, data).await?;
    startup::start_mail(&state);
    let listener = tokio::net::TcpListener::bind(serve.listen)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", serve.listen))?;
    println!("JuryDesk is running at {}", serve.public_url());
    if !has_admin {
        println!(
            "No administrator yet. Create the first one in another terminal:\n  \
             make admin EMAIL=you@example.org NAME=\"Your Name\"\n\
             (or: jurydesk create-admin --email you@example.org --name \"Your Name\")"
        );
    }
    startup::serve(listener, router, startup::ctrl_c())
        .await
        .map_err(|e| format!("the server stopped: {e}"))
}

async fn admin_count(db: &sea_orm::DatabaseConnection) -> Result<(bool, u64), String> {
    use app::ssr::entities::user;
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    let n = user::Entity::find()
        .filter(user::Column::IsAdmin.eq(true))
        .count(db)
        .await
        .map_err(|e| format!("cannot read accounts: {e}"))?;
    Ok((n > 0, n))
}

async fn create_admin(data: &DataConfig, args: CreateAdmin) -> Result<(), String> {
    let password = if args.password_stdin {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|e| format!("cannot read the password from standard input: {e}"))?;
        line.trim_end_matches(['\r', '\n']).to_owned()
    } else {
        let first = rpassword::prompt_password("Password (at least 8 characters): ")
            .map_err(|e| format!("cannot read the password: {e}"))?;
        let again = rpassword::prompt_password("Password again: ")
            .map_err(|e| format!("cannot read the password: {e}"))?;
        if first != again {
            return Err("the two passwords differ; nothing was changed.".into());
        }
        first
    };
    let db = startup::open_database(data).await?;
    let account = accounts::NewAccount {
        email: &args.email,
        name: &args.name,
        password: &password,
        lang: Lang::Vi,
    };
    match accounts::create_admin(&db, account).await {
        Ok((user, true)) => println!("Administrator {} created. Sign in at /signin.", user.email),
        Ok((user, false)) => println!(
            "{} already had an account; it is now an administrator.",
            user.email
        ),
        Err(e) => return Err(e.into_app_error(Lang::En).to_string()),
    }
    Ok(())
}
