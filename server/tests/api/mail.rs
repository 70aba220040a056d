//! Mail leaves the outbox over real SMTP once the change that wrote it has committed.

use crate::helpers::{TestApp, TestData, client, serve_config};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use tokio::sync::mpsc;

/// A minimal SMTP server on loopback: accepts every message and hands its data over.
async fn smtp_server() -> (u16, mpsc::UnboundedReceiver<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let (tx, rx) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let tx = tx.clone();
            tokio::spawn(async move {
                let (read, mut write) = socket.into_split();
                let mut lines = BufReader::new(read).lines();
                write.write_all(b"220 test ESMTP\r\n").await.ok();
                let mut data: Option<String> = None;
                while let Ok(Some(line)) = lines.next_line().await {
                    if let Some(body) = data.as_mut() {
                        if line == "." {
                            tx.send(data.take().unwrap_or_default()).ok();
                            write.write_all(b"250 queued\r\n").await.ok();
                        } else {
                            body.push_str(&line);
                            body.push('\n');
                        }
                        continue;
                    }
                    let verb = line
                        .split_whitespace()
                        .next()
                        .unwrap_or("")
                        .to_ascii_uppercase();
                    let reply: &[u8] = match verb.as_str() {
                        "EHLO" | "HELO" => b"250 test\r\n",
                        "DATA" => {
                            data = Some(String::new());
                            b"354 go ahead\r\n"
                        }
                        "QUIT" => {
                            write.write_all(b"221 bye\r\n").await.ok();
                            break;
                        }
                        _ => b"250 ok\r\n",
                    };
                    write.write_all(reply).await.ok();
                }
            });
        }
    });
    (port, rx)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reset_mail_is_delivered_over_smtp_and_marked_sent() {
    let (port, mut received) = smtp_server().await;
    let mut serve = serve_config();
    serve.smtp_host = Some("127.0.0.1".into());
    serve.smtp_port = port;
    serve.smtp_security = app::ssr::SmtpSecurity::None;
    serve.smtp_from = "Ban Tổ chức <btc@so-khcn.vn>".into();
    let data = TestData::sqlite();
    let app = TestApp::start_with(data.config.clone(), client(), serve).await;
    app.sign_up("lan@example.vn", "Nguyễn Thị Lan").await;

    let res = app
        .call("/api/request_reset", &[("email", "lan@example.vn")])
        .await;
    assert!(res.status().is_success(), "{}", res.status());
    // The sign-up's own mail comes first; the reset link follows.
    let mut message = String::new();
    for _ in 0..2 {
        message = tokio::time::timeout(std::time::Duration::from_secs(10), received.recv())
            .await
            .expect("a mail within 10 s")
            .expect("the SMTP server is running");
        if message.contains("/reset?token=") {
            break;
        }
    }
    assert!(message.contains("To: lan@example.vn"), "{message}");
    assert!(message.contains("/reset?token="), "{message}");

    app.make_admin("admin@so-khcn.vn").await;
    app.sign_in("admin@so-khcn.vn", crate::helpers::PASSWORD)
        .await;
    let mut sent = false;
    for _ in 0..50 {
        let page = crate::helpers::html(app.get("/admin/outbox").await).await;
        if page.contains(r#"<span class="status">đã gửi</span>"#) {
            sent = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(sent, "the outbox shows the mail as sent");
    app.stop().await;
    data.remove().await;
}
