//! The command line: `jurydesk [serve]`, `migrate`, `create-admin`, `users list`,
//! `audit verify`, `contest export|import`, `demo`, `results`, `version`. It acts as `Actor::System` through the services.

use crate::config::{DataConfig, ServeConfig};
use crate::startup;
use app::domain::Lang;
use app::i18n::{Locale, td_string};
use app::ssr::actor::Actor;
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
    /// The audit log.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// A contest's setup as a TOML file: details, window, categories, rounds (docs/formats.md).
    Contest {
        #[command(subcommand)]
        command: ContestCommand,
    },
    /// Fill the database with a demo contest (Vietnamese founders, categories, drafts and
    /// submitted entries) and print an account of each role to sign in with.
    Demo {
        /// How many entries (at least 60; more are written in batches, for benchmarks).
        #[arg(long, default_value_t = 60)]
        entries: u64,
        /// How many judges (at least 9; more are written in batches, for benchmarks).
        #[arg(long, default_value_t = 9)]
        judges: u64,
    },
    /// Replay a round's results from its published files, offline (no database).
    Results(crate::results::ResultsArgs),
    /// Print the JSON API's OpenAPI 3.1 document (as the server serves it at
    /// /api/v1/openapi.json), to generate a client without a running server.
    Openapi,
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
enum ContestCommand {
    /// Print the contest file of contest CODE (or write it to --out).
    Export {
        code: String,
        #[arg(long, value_name = "FILE")]
        out: Option<std::path::PathBuf>,
    },
    /// Create a contest from a contest file, with its code or --code.
    Import {
        file: std::path::PathBuf,
        #[arg(long, value_name = "CODE")]
        code: Option<String>,
    },
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Walk the hash chains of the audit log and name the first record altered, removed or
    /// inserted; exits with status 1 when one is found.
    Verify {
        /// Only this contest's chain.
        #[arg(long, value_name = "CODE")]
        contest: Option<String>,
    },
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

/// The language the command line speaks: `JURYDESK_LANG` (`vi` or `en`), else Vietnamese.
fn locale() -> Locale {
    std::env::var("JURYDESK_LANG")
        .ok()
        .and_then(|tag| Lang::from_tag(&tag))
        .unwrap_or_default()
        .into()
}

pub async fn run(cli: Cli) -> Result<(), String> {
    let l = locale();
    match cli.command {
        Some(Command::Serve(serve)) => run_server(&cli.data, serve).await,
        None => {
            // No command: serve with settings from the environment and defaults.
            run_server(&cli.data, serve_defaults()?).await
        }
        Some(Command::Migrate) => {
            startup::open_database(&cli.data).await?;
            println!("{}", td_string!(l, cli.db_up_to_date));
            Ok(())
        }
        Some(Command::CreateAdmin(args)) => create_admin(&cli.data, args).await,
        Some(Command::Users {
            command: UsersCommand::List { page },
        }) => {
            let db = startup::open_database(&cli.data).await?;
            let (users, total) =
                accounts::list_users(&db, &Actor::System, PageRequest::new(Some(page), 100))
                    .await
                    .map_err(|e| e.to_string())?;
            println!("{}", td_string!(l, cli.users_header));
            for u in &users {
                let role = if u.is_admin {
                    td_string!(l, role.admin).to_string()
                } else {
                    String::new()
                };
                println!("{:<40} {:<30} {role}", u.email, u.name);
            }
            println!(
                "{}",
                td_string!(
                    l,
                    cli.users_footer,
                    shown = users.len(),
                    total = total,
                    page = page
                )
            );
            Ok(())
        }
        Some(Command::Audit {
            command: AuditCommand::Verify { contest },
        }) => verify_audit(&cli.data, contest.as_deref()).await,
        Some(Command::Demo { entries, judges }) => demo(&cli.data, entries, judges).await,
        Some(Command::Contest { command }) => contest_file(&cli.data, command).await,
        Some(Command::Results(args)) => crate::results::run(args),
        Some(Command::Openapi) => {
            let (_, document) = crate::api_v1::router();
            let json = document
                .to_pretty_json()
                .map_err(|e| format!("cannot write the OpenAPI document: {e}"))?;
            println!("{json}");
            Ok(())
        }
        Some(Command::Version) => {
            println!("jurydesk {}", env!("CARGO_PKG_VERSION"));
            Ok(())
        }
    }
}

/// The serve settings from the environment and defaults (as `jurydesk` without a command).
fn serve_defaults() -> Result<ServeConfig, String> {
    let matches = ServeConfig::augment_args(clap::Command::new("serve"))
        .try_get_matches_from(["serve"])
        .map_err(|e| e.to_string())?;
    ServeConfig::from_arg_matches(&matches).map_err(|e| e.to_string())
}

async fn contest_file(data: &DataConfig, command: ContestCommand) -> Result<(), String> {
    use app::ssr::services::contest_file;
    let l = locale();
    let db = startup::open_database(data).await?;
    let said = |e| app::api::errors::render(e, l.into()).messages().join("\n");
    match command {
        ContestCommand::Export { code, out } => {
            let text = contest_file::export(&db, &Actor::System, &code)
                .await
                .map_err(|_| td_string!(l, cli.no_contest, code = code.as_str()).to_string())?;
            match out {
                Some(path) => {
                    std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?
                }
                None => print!("{text}"),
            }
        }
        ContestCommand::Import { file, code } => {
            let text =
                std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
            let parsed = contest_file::parse(&text).map_err(said)?;
            let origin = format!("file {}", file.display());
            let made = contest_file::create(&db, &Actor::System, parsed, code.as_deref(), &origin)
                .await
                .map_err(said)?;
            println!(
                "{}",
                td_string!(l, cli.contest_imported, code = made.code.as_str())
            );
        }
    }
    Ok(())
}

async fn demo(data: &DataConfig, entries: u64, judges: u64) -> Result<(), String> {
    use app::ssr::services::demo;
    let l = locale();
    let started = std::time::Instant::now();
    let db = startup::open_database(data).await?;
    if app::ssr::services::contests::by_code(&db, demo::CONTEST)
        .await
        .is_ok()
    {
        return Err(td_string!(l, cli.demo_exists, code = demo::CONTEST).to_string());
    }
    let url = serve_defaults()?.public_url();
    let made = demo::fill(&db, demo::Size { entries, judges }, &url, &data.data_dir)
        .await
        .map_err(|e| app::api::errors::render(e, l.into()).messages().join("\n"))?;
    let seconds = format!("{:.1}", started.elapsed().as_secs_f64());
    println!(
        "{}",
        td_string!(
            l,
            cli.demo_ready,
            code = made.contest.as_str(),
            entries = made.entries,
            seconds = seconds.as_str()
        )
    );
    let ms = |d: std::time::Duration| format!("{:.0}", d.as_secs_f64() * 1000.0);
    let (preview, apply) = (ms(made.assignment.preview), ms(made.assignment.apply));
    println!(
        "{}",
        td_string!(
            l,
            cli.demo_assigned,
            judges = made.judges,
            assignments = made.assignment.assignments,
            preview = preview.as_str(),
            apply = apply.as_str()
        )
    );
    let scoring = ms(made.assignment.scoring);
    println!(
        "{}",
        td_string!(
            l,
            cli.demo_scored,
            sheets = made.assignment.sheets,
            ms = scoring.as_str()
        )
    );
    println!(
        "{}",
        td_string!(
            l,
            cli.demo_past,
            code = app::ssr::services::demo_results::PAST,
            url = url.trim_end_matches('/')
        )
    );
    println!(
        "{}",
        td_string!(
            l,
            cli.demo_sign_in,
            url = url.as_str(),
            password = made.password.as_str()
        )
    );
    for account in &made.accounts {
        let role = match account.role {
            "admin" => td_string!(l, cli.demo_admin).to_string(),
            "founder" => td_string!(l, cli.demo_founder).to_string(),
            code => app::model::Role::from_code(code)
                .map(|r| app::i18n::role_name(r, l.into()))
                .unwrap_or_else(|| code.to_owned()),
        };
        println!("  {role:<24} {:<36} {}", account.email, account.name);
    }
    println!("{}", td_string!(l, cli.demo_next));
    Ok(())
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
    let db = startup::open_server_database(data).await?;
    let has_admin = accounts::count_admins(&db)
        .await
        .map_err(|e| format!("cannot read accounts: {e}"))?
        > 0;
    let (router, state) = startup::build(db, &serve, data).await?;
    startup::start_mail(&state);
    let listener = tokio::net::TcpListener::bind(serve.listen)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", serve.listen))?;
    let l = locale();
    println!("{}", td_string!(l, cli.running, url = serve.public_url()));
    if !has_admin {
        println!("{}", td_string!(l, cli.no_admin));
    }
    startup::serve(listener, router, startup::ctrl_c())
        .await
        .map_err(|e| format!("the server stopped: {e}"))
}

async fn verify_audit(data: &DataConfig, contest: Option<&str>) -> Result<(), String> {
    use app::ssr::services::{audit, contests};
    let l = locale();
    let db = startup::open_database(data).await?;
    let contest_id = match contest {
        Some(code) => Some(
            contests::by_code(&db, code)
                .await
                .map_err(|_| td_string!(l, cli.no_contest, code = code).to_string())?
                .id,
        ),
        None => None,
    };
    let report = audit::verify(&db, &Actor::System, contest_id)
        .await
        .map_err(|e| format!("cannot read the audit log: {e}"))?;
    if report.broken.is_empty() {
        println!(
            "{}",
            td_string!(
                l,
                cli.audit_intact,
                records = report.records,
                chains = report.chains
            )
        );
        return Ok(());
    }
    for b in &report.broken {
        let id = b.record.map(|id| format!(" (id {id})")).unwrap_or_default();
        let problem = match &b.problem {
            audit::Break::Altered => td_string!(l, cli.audit_altered).to_string(),
            audit::Break::Missing { expected } => {
                td_string!(l, cli.audit_missing, from = *expected, to = b.seq - 1).to_string()
            }
            audit::Break::Inserted => td_string!(l, cli.audit_inserted).to_string(),
            audit::Break::Head { head_seq, last_seq } => {
                td_string!(l, cli.audit_head, last = *last_seq, head = *head_seq).to_string()
            }
        };
        println!(
            "{}",
            td_string!(
                l,
                cli.audit_record,
                chain = b.chain.as_str(),
                seq = b.seq,
                id = id.as_str(),
                problem = problem.as_str()
            )
        );
    }
    Err(td_string!(
        l,
        cli.audit_broken,
        broken = report.broken.len(),
        chains = report.chains
    )
    .to_string())
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
        let l = locale();
        let first = rpassword::prompt_password(td_string!(l, cli.password_prompt).to_string())
            .map_err(|e| format!("cannot read the password: {e}"))?;
        let again = rpassword::prompt_password(td_string!(l, cli.password_again).to_string())
            .map_err(|e| format!("cannot read the password: {e}"))?;
        if first != again {
            return Err(td_string!(l, cli.passwords_differ).to_string());
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
    let l = locale();
    match accounts::create_admin(&db, &Actor::System, account).await {
        Ok((user, true)) => println!(
            "{}",
            td_string!(l, cli.admin_created, email = user.email.as_str())
        ),
        Ok((user, false)) => println!(
            "{}",
            td_string!(l, cli.admin_promoted, email = user.email.as_str())
        ),
        Err(e) => return Err(app::api::errors::render(e, l.into()).messages().join("\n")),
    }
    Ok(())
}
