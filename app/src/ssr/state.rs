use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use sea_orm::DatabaseConnection;
use std::path::PathBuf;
use std::sync::Arc;

/// What every request handler, server function and background task shares.
#[derive(Clone)]
pub struct AppState {
    /// Writes, and reads that must see them in the same use case.
    pub db: DatabaseConnection,
    /// Reads only (see `db::connect_reads`): page views, sessions, listings.
    pub read: DatabaseConnection,
    pub leptos_options: LeptosOptions,
    pub settings: Arc<AppSettings>,
    /// Wakes the mail sender after a transaction that queued mail commits.
    pub outbox_wake: Arc<tokio::sync::Notify>,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// The part of the configuration the application needs (the binary reads the rest).
#[derive(Clone)]
pub struct AppSettings {
    /// Base of every link written into mail, e.g. `https://thi.example.vn`.
    pub public_url: String,
    /// Where uploads live.
    pub data_dir: PathBuf,
    pub smtp: Option<SmtpSettings>,
    /// Reverse proxies whose `X-Forwarded-For` names the client (see `ssr::client`).
    pub trusted_proxies: Vec<ipnet::IpNet>,
}

#[derive(Clone)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub username: Option<String>,
    pub password: Option<String>,
    pub from: String,
    pub security: SmtpSecurity,
}

/// How mail reaches the SMTP server. A value not listed here is refused when the server
/// starts: a typo must not quietly mean some other security.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmtpSecurity {
    /// STARTTLS on the submission port (587), the default.
    StartTls,
    /// Implicit TLS (port 465).
    Tls,
    /// No encryption: a relay on the same machine only.
    None,
}

impl SmtpSecurity {
    pub const ALL: [SmtpSecurity; 3] = [
        SmtpSecurity::StartTls,
        SmtpSecurity::Tls,
        SmtpSecurity::None,
    ];

    pub fn code(self) -> &'static str {
        match self {
            SmtpSecurity::StartTls => "starttls",
            SmtpSecurity::Tls => "tls",
            SmtpSecurity::None => "none",
        }
    }
}

impl std::str::FromStr for SmtpSecurity {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim().to_ascii_lowercase();
        Self::ALL
            .into_iter()
            .find(|v| v.code() == s)
            .ok_or_else(|| {
                let allowed: Vec<&str> = Self::ALL.iter().map(|v| v.code()).collect();
                format!("use one of: {}", allowed.join(", "))
            })
    }
}

impl std::fmt::Debug for SmtpSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpSettings")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("username", &self.username)
            .field("password", &self.password.as_ref().map(|_| "[redacted]"))
            .field("from", &self.from)
            .field("security", &self.security)
            .finish()
    }
}
