//! `jurydesk`: parse the command line, read the configuration, run the chosen command.

use clap::Parser;
use server::cli;
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match cli::run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("jurydesk: {message}");
            ExitCode::FAILURE
        }
    }
}
