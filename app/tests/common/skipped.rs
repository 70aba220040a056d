//! Shared by the service tests and the HTTP tests (`server/tests/api` includes this file).

/// Notes that a test ran without its PostgreSQL tier (no server answered): one line in the
/// file `JURYDESK_SKIPPED_LOG` names, which `make test` counts and prints in its summary.
pub fn note_postgres_skipped() {
    use std::io::Write;
    eprintln!("PostgreSQL at 127.0.0.1:5432 did not answer: this test ran on SQLite only");
    if let Ok(path) = std::env::var("JURYDESK_SKIPPED_LOG")
        && let Ok(mut log) = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
    {
        let test = std::thread::current().name().unwrap_or("a test").to_owned();
        let _ = writeln!(log, "{test}");
    }
}
