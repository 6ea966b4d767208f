//! Outgoing email: SMTP through lettre, or `.eml` files in an outbox folder (the embedded default).

use std::path::Path;

use anyhow::Context;
use lettre::message::{Mailbox, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::config::{Settings, SmtpTls};
use crate::domain::email::Email;

enum Transport {
    Outbox(AsyncFileTransport<Tokio1Executor>),
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
}

pub(crate) struct Mailer {
    from: Mailbox,
    transport: Transport,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = match self.transport {
            Transport::Outbox(_) => "outbox",
            Transport::Smtp(_) => "smtp",
        };
        f.debug_struct("Mailer").field("from", &self.from.to_string()).field("transport", &kind).finish()
    }
}

/// Ends an email body with the signature, in the reader's language.
pub(crate) fn with_signature(lang: crate::i18n::Lang, body: String) -> String {
    format!("{body}\n\n-- \n{}\n", lang.t("email-signature"))
}

impl Mailer {
    pub(crate) fn from_settings(s: &Settings) -> anyhow::Result<Self> {
        let from: Mailbox = s.mail_from.parse().context("mail_from is not a valid mailbox")?;
        let transport = match &s.smtp {
            None => Transport::Outbox(Self::outbox(&s.outbox_dir)?),
            Some(smtp) => {
                let mut b = match smtp.tls {
                    SmtpTls::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&smtp.host)?,
                    SmtpTls::StartTls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&smtp.host)?,
                    SmtpTls::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&smtp.host),
                }
                .port(smtp.port);
                if let (Some(u), Some(p)) = (&smtp.username, &smtp.password) {
                    b = b.credentials(Credentials::new(u.clone(), p.expose().to_string()));
                }
                Transport::Smtp(b.build())
            }
        };
        Ok(Mailer { from, transport })
    }

    fn outbox(dir: &Path) -> anyhow::Result<AsyncFileTransport<Tokio1Executor>> {
        std::fs::create_dir_all(dir).with_context(|| format!("creating the outbox {}", dir.display()))?;
        Ok(AsyncFileTransport::new(dir))
    }

    /// Sends a plain-text email (a worker does, for the job queue: see `jobs::mail`).
    pub(crate) async fn send(&self, to: &Email, subject: &str, body: String) -> anyhow::Result<()> {
        // A Message-ID of the sender's own domain: mail without one is suspect to spam filters.
        let id = format!("<{}@{}>", uuid::Uuid::new_v4().simple(), self.from.email.domain());
        let msg = Message::builder()
            .from(self.from.clone())
            .to(to.as_str().parse().context("recipient address")?)
            .subject(subject)
            .message_id(Some(id))
            .singlepart(SinglePart::plain(body))?;
        match &self.transport {
            Transport::Outbox(t) => t.send(msg).await.map(|_| ()).context("writing to the outbox")?,
            Transport::Smtp(t) => t.send(msg).await.map(|_| ()).context("sending through SMTP")?,
        }
        Ok(())
    }
}
