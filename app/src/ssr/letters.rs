//! Mail, as typed messages: a service says which letter and with what data; this module, the
//! one place mail is worded, writes it in the recipient's language (`app/locales/*.json`,
//! `mail.*`).

use crate::domain::Lang;
use crate::i18n::{Locale, td_string};
use crate::model::Role;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Letter {
    /// The link that finishes a sign-up.
    ConfirmSignUp {
        link: String,
    },
    /// Someone asked for an account for an email that has one.
    AccountExists {
        sign_in: String,
        forgot: String,
    },
    ResetPassword {
        link: String,
    },
    Invitation {
        contest_vi: String,
        contest_en: String,
        role: Role,
        link: String,
    },
    /// A judge with sheets still to submit in a round.
    JudgingReminder {
        contest_vi: String,
        contest_en: String,
        round_vi: String,
        round_en: String,
        remaining: u64,
        closes: Option<crate::format::Zoned>,
        link: String,
    },
    /// The committee imported entries led by someone without an account: the link sets
    /// their password, valid for `days` days.
    ImportedLead {
        contest_vi: String,
        contest_en: String,
        link: String,
        days: i64,
    },
    /// A round's results are published: the founder reads their entry's result on its page.
    /// The mail says no result itself, so a later unpublication leaves nothing behind.
    ResultsPublished {
        contest_vi: String,
        contest_en: String,
        round_vi: String,
        round_en: String,
        link: String,
    },
}

/// The subject and body of `letter` in `lang`.
pub fn render(letter: &Letter, lang: Lang) -> (String, String) {
    let l: Locale = lang.into();
    match letter {
        Letter::ConfirmSignUp { link } => (
            td_string!(l, mail.confirm_subject).to_string(),
            td_string!(l, mail.confirm_body, link = link.as_str()).to_string(),
        ),
        Letter::AccountExists { sign_in, forgot } => (
            td_string!(l, mail.exists_subject).to_string(),
            td_string!(
                l,
                mail.exists_body,
                signin = sign_in.as_str(),
                forgot = forgot.as_str()
            )
            .to_string(),
        ),
        Letter::ResetPassword { link } => (
            td_string!(l, mail.reset_subject).to_string(),
            td_string!(l, mail.reset_body, link = link.as_str()).to_string(),
        ),
        Letter::Invitation {
            contest_vi,
            contest_en,
            role,
            link,
        } => {
            let contest = lang.pick(contest_vi, contest_en);
            let role = crate::i18n::role_name(*role, lang);
            (
                td_string!(l, mail.invite_subject, contest = contest).to_string(),
                td_string!(
                    l,
                    mail.invite_body,
                    contest = contest,
                    role = role.as_str(),
                    link = link.as_str()
                )
                .to_string(),
            )
        }
        Letter::JudgingReminder {
            contest_vi,
            contest_en,
            round_vi,
            round_en,
            remaining,
            closes,
            link,
        } => {
            let contest = lang.pick(contest_vi, contest_en);
            let round = lang.pick(round_vi, round_en);
            let deadline = match closes {
                Some(at) => td_string!(
                    l,
                    mail.remind_deadline,
                    date = crate::format::date_time(*at, lang)
                )
                .to_string(),
                None => String::new(),
            };
            (
                td_string!(l, mail.remind_subject, round = round, contest = contest).to_string(),
                td_string!(
                    l,
                    mail.remind_body,
                    round = round,
                    contest = contest,
                    remaining = *remaining,
                    deadline = deadline.as_str(),
                    link = link.as_str()
                )
                .to_string(),
            )
        }
        Letter::ImportedLead {
            contest_vi,
            contest_en,
            link,
            days,
        } => {
            let contest = lang.pick(contest_vi, contest_en);
            (
                td_string!(l, mail.imported_subject, contest = contest).to_string(),
                td_string!(
                    l,
                    mail.imported_body,
                    contest = contest,
                    link = link.as_str(),
                    days = *days
                )
                .to_string(),
            )
        }
        Letter::ResultsPublished {
            contest_vi,
            contest_en,
            round_vi,
            round_en,
            link,
        } => {
            let contest = lang.pick(contest_vi, contest_en);
            let round = lang.pick(round_vi, round_en);
            (
                td_string!(l, mail.published_subject, contest = contest).to_string(),
                td_string!(
                    l,
                    mail.published_body,
                    contest = contest,
                    round = round,
                    link = link.as_str()
                )
                .to_string(),
            )
        }
    }
}
