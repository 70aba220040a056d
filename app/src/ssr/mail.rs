//! Sends what the outbox holds. Mail is written to the outbox in the same transaction as the
//! change that causes it, and sent here after commit; a failed send is retried later.

use super::services::outbox;
use super::state::{SmtpSecurity, SmtpSettings};
use lettre::message::{Mailbox, header::ContentType};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sea_orm::DatabaseConnection;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

/// Runs until the process ends: wakes when told that mail was queued, or every minute.
pub async fn run_sender(db: DatabaseConnection, smtp: SmtpSettings, wake: Arc<Notify>) {
    let transport = match transport(&smtp) {
        Ok(t) => t,
        Err(e) => {
            tracing::error!(error = %e, "SMTP settings are unusable; mail stays in the outbox");
            return;
        }
    };
    loop {
        if let Err(e) = send_pending(&db, &transport, &smtp.from).await {
            tracing::warn!(error = %e, "outbox: could not read pending mail");
        }
        tokio::select! {
            _ = wake.notified() => {}
            _ = tokio::time::sleep(Duration::from_secs(60)) => {}
        }
    }
}

fn transport(smtp: &SmtpSettings) -> Result<AsyncSmtpTransport<Tokio1Executor>, String> {
    let builder = match smtp.security {
        SmtpSecurity::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&smtp.host),
        SmtpSecurity::None => Ok(AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(
            &smtp.host,
        )),
        SmtpSecurity::StartTls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&smtp.host),
    }
    .map_err(|e| e.to_string())?
    .port(smtp.port);
    let builder = match (&smtp.username, &smtp.password) {
        (Some(u), Some(p)) => builder.credentials(Credentials::new(u.clone(), p.clone())),
        _ => builder,
    };
    Ok(builder.build())
}

async fn send_pending(
    db: &DatabaseConnection,
    transport: &AsyncSmtpTransport<Tokio1Executor>,
    from: &str,
) -> Result<(), sea_orm::DbErr> {
    for mail in outbox::due(db, 20).await? {
        let result = build(from, &mail.recipient, &mail.subject, &mail.body)
            .map(|m| async move { transport.send(m).await.map_err(|e| e.to_string()) });
        let outcome = match result {
            Ok(sending) => sending.await,
            Err(e) => Err(e),
        };
        match outcome {
            Ok(_) => outbox::mark_sent(db, mail.id).await?,
            Err(e) => {
                tracing::warn!(mail = %mail.id, error = %e, "outbox: send failed, will retry");
                outbox::mark_failed(db, mail.id, &e).await?
            }
        }
    }
    Ok(())
}

fn build(from: &str, to: &str, subject: &str, body: &str) -> Result<Message, String> {
    let from: Mailbox = from.parse().map_err(|e| format!("from address: {e}"))?;
    let to: Mailbox = to.parse().map_err(|e| format!("recipient: {e}"))?;
    Message::builder()
        .from(from)
        .to(to)
        .subject(subject)
        .header(ContentType::TEXT_PLAIN)
        .body(body.to_owned())
        .map_err(|e| e.to_string())
}
