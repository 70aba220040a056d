//! Typed settings, read once from flags and the environment. Secrets never appear in `Debug`.

use app::ssr::{SmtpSecurity, SmtpSettings};
use clap::Args;
use std::net::SocketAddr;
use std::path::PathBuf;

/// Where the data lives; every command needs it.
#[derive(Args, Clone)]
pub struct DataConfig {
    /// Database URL. SQLite by default (a file in the data directory); PostgreSQL with
    /// `postgres://user@host/db`.
    #[arg(long, env = "DATABASE_URL", global = true)]
    pub database_url: Option<String>,

    /// Directory for the SQLite file and uploads; created when missing.
    #[arg(
        long,
        env = "JURYDESK_DATA_DIR",
        default_value = "./data",
        global = true
    )]
    pub data_dir: PathBuf,
}

impl DataConfig {
    pub fn database_url(&self) -> String {
        self.database_url.clone().unwrap_or_else(|| {
            format!(
                "sqlite://{}?mode=rwc",
                self.data_dir.join("jurydesk.db").display()
            )
        })
    }
}

impl std::fmt::Debug for DataConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DataConfig")
            .field(
                "database_url",
                &self.database_url.as_deref().map(redact_url),
            )
            .field("data_dir", &self.data_dir)
            .finish()
    }
}

/// Hides the password part of a URL (`postgres://user:secret@host` → `postgres://user:***@host`).
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let creds = &url[scheme + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

/// Settings of the web server.
#[derive(Args, Clone)]
pub struct ServeConfig {
    /// Address and port to listen on.
    #[arg(long, env = "JURYDESK_LISTEN", default_value = "127.0.0.1:3000")]
    pub listen: SocketAddr,

    /// Public base URL, used in links sent by mail and to check the origin of form posts.
    /// Cookies are marked Secure when it starts with https.
    #[arg(long, env = "JURYDESK_PUBLIC_URL")]
    pub public_url: Option<String>,

    /// Secret that signs session cookies (at least 64 characters). Generated and stored in
    /// the database on first start when not given.
    #[arg(long, env = "JURYDESK_SESSION_SECRET", hide_env_values = true)]
    pub session_secret: Option<String>,

    /// Directory with the compiled browser files (`pkg/`).
    #[arg(long, env = "LEPTOS_SITE_ROOT", default_value = "target/site")]
    pub site_root: String,

    /// SMTP server for outgoing mail; without it mail waits in the outbox page.
    #[arg(long, env = "JURYDESK_SMTP_HOST")]
    pub smtp_host: Option<String>,
    #[arg(long, env = "JURYDESK_SMTP_PORT", default_value_t = 587)]
    pub smtp_port: u16,
    #[arg(long, env = "JURYDESK_SMTP_USERNAME")]
    pub smtp_username: Option<String>,
    #[arg(long, env = "JURYDESK_SMTP_PASSWORD", hide_env_values = true)]
    pub smtp_password: Option<String>,
    /// Sender address, e.g. `JuryDesk <no-reply@thi.example.vn>`.
    #[arg(
        long,
        env = "JURYDESK_SMTP_FROM",
        default_value = "JuryDesk <no-reply@localhost>"
    )]
    pub smtp_from: String,
    /// Reverse proxies whose `X-Forwarded-For` header names the client, comma separated
    /// (addresses or networks, e.g. `127.0.0.1, 10.0.0.0/8`). Empty: the connection's
    /// address is the client's.
    #[arg(long, env = "JURYDESK_TRUSTED_PROXIES", default_value = "")]
    pub trusted_proxies: String,

    /// `starttls` (port 587), `tls` (implicit, port 465) or `none` (a local relay only).
    /// Any other value is refused at start.
    #[arg(
        long,
        env = "JURYDESK_SMTP_SECURITY",
        default_value = "starttls",
        value_parser = str::parse::<SmtpSecurity>
    )]
    pub smtp_security: SmtpSecurity,
}

impl ServeConfig {
    pub fn public_url(&self) -> String {
        self.public_url
            .clone()
            .unwrap_or_else(|| format!("http://{}", self.listen))
            .trim_end_matches('/')
            .to_owned()
    }

    pub fn secure_cookies(&self) -> bool {
        self.public_url().starts_with("https://")
    }

    pub fn trusted_proxies(&self) -> Result<Vec<ipnet::IpNet>, String> {
        app::ssr::client::parse_trusted(&self.trusted_proxies)
            .map_err(|e| format!("JURYDESK_TRUSTED_PROXIES: {e}"))
    }

    pub fn smtp(&self) -> Option<SmtpSettings> {
        self.smtp_host.clone().map(|host| SmtpSettings {
            host,
            port: self.smtp_port,
            username: self.smtp_username.clone(),
            password: self.smtp_password.clone(),
            from: self.smtp_from.clone(),
            security: self.smtp_security,
        })
    }
}

impl std::fmt::Debug for ServeConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServeConfig")
            .field("listen", &self.listen)
            .field("public_url", &self.public_url())
            .field(
                "session_secret",
                &self.session_secret.as_ref().map(|_| "[redacted]"),
            )
            .field("site_root", &self.site_root)
            .field("trusted_proxies", &self.trusted_proxies)
            .field("smtp", &self.smtp())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_smtp_security_is_refused_with_the_allowed_values() {
        assert_eq!("TLS".parse::<SmtpSecurity>(), Ok(SmtpSecurity::Tls));
        let refused = "startls".parse::<SmtpSecurity>().unwrap_err();
        assert_eq!(refused, "use one of: starttls, tls, none");
    }

    #[test]
    fn database_passwords_are_redacted() {
        assert_eq!(
            redact_url("postgres://ban:bí-mật@db:5432/thi"),
            "postgres://ban:***@db:5432/thi"
        );
        assert_eq!(
            redact_url("sqlite://./data/jurydesk.db"),
            "sqlite://./data/jurydesk.db"
        );
    }
}
