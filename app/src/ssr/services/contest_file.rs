//! A contest as a TOML file: its details, submission window, attachment and eligibility rules,
//! categories and rounds — not its
//! entries, people or log (docs/formats.md, "Contest file"). The shipped templates are such
//! files without a code; a contest can also start as a copy of an earlier one;
//! `jurydesk contest export` writes one and `jurydesk contest import` reads it back, exactly.

use super::audit::{self, Changes, Record};
use super::contests::{self, find_by_code};
use super::{eligibility, rounds};
use crate::model::{
    AttachmentKind, ContestSettings, ContestSummary, EligibilityForm, EligibilityRules, FormField,
    NewCategory, NewContest, NewRound,
};
use crate::ssr::actor::Actor;
use crate::ssr::db::begin_write;
use crate::ssr::entities::contest;
use crate::ssr::messages::{Msg, Problem, ServiceError, ServiceResult};
use crate::ssr::policy::{self, Permission};
use sea_orm::DatabaseConnection;
use sea_orm::{ActiveModelTrait, ActiveValue::Set};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContestFile {
    pub contest: ContestPart,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub categories: Vec<NewCategory>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rounds: Vec<NewRound>,
    /// Who may enter; absent: anyone.
    #[serde(default, skip_serializing_if = "EligibilityRules::is_empty")]
    pub eligibility: EligibilityRules,
    /// The contest's own questions on the entry form, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FormField>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContestPart {
    /// Absent in templates: whoever creates the contest gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    pub name_vi: String,
    pub name_en: String,
    #[serde(default)]
    pub description_vi: String,
    #[serde(default)]
    pub description_en: String,
    pub time_zone: String,
    /// `YYYY-MM-DDTHH:MM` in the contest's time zone; absent for not set.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub submissions_open: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub submissions_close: String,
    /// When founders may start drafts, before submissions open; absent: when they open.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub registration_open: String,
    /// When results are to be published; absent for not announced.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub results: String,
    /// The kinds of file entries may carry (`pdf, docx`); PDF only when absent.
    #[serde(default = "default_attachment_types")]
    pub attachment_types: String,
    /// The largest attachment in megabytes; 20 when absent.
    #[serde(default = "default_attachment_max_mb")]
    pub attachment_max_mb: i32,
}

fn default_attachment_types() -> String {
    AttachmentKind::list_text(&contests::AttachmentSetup::default().kinds)
}

fn default_attachment_max_mb() -> i32 {
    contests::AttachmentSetup::default().max_mb
}

/// The contests JuryDesk ships as starting points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Template {
    /// Vietnamese, three rounds (sơ khảo, bán kết, chung khảo), four categories, prizes.
    Provincial,
    /// English, two rounds, no categories.
    Hackathon,
}

impl Template {
    pub const ALL: [Template; 2] = [Template::Provincial, Template::Hackathon];

    pub fn code(self) -> &'static str {
        match self {
            Template::Provincial => "provincial",
            Template::Hackathon => "hackathon",
        }
    }

    pub fn from_code(code: &str) -> Option<Template> {
        Self::ALL.into_iter().find(|t| t.code() == code.trim())
    }

    pub fn text(self) -> &'static str {
        match self {
            Template::Provincial => include_str!("../../../templates/provincial.toml"),
            Template::Hackathon => include_str!("../../../templates/hackathon.toml"),
        }
    }

    pub fn file(self) -> ContestFile {
        // The shipped files are checked by a test; a broken one is a build mistake.
        parse(self.text()).unwrap_or_else(|e| panic!("template {}: {e:?}", self.code()))
    }
}

/// Reads a contest file; a TOML mistake is reported on `file` with what the parser said.
pub fn parse(text: &str) -> ServiceResult<ContestFile> {
    toml::from_str(text).map_err(|e| {
        ServiceError::invalid(
            "file",
            Msg::ContestFile {
                detail: e.to_string().trim().to_owned(),
            },
        )
    })
}

/// Writes a contest file (round rules kept exactly as stored).
pub fn write(file: &ContestFile) -> String {
    toml::to_string(file).unwrap_or_default()
}

/// Creates a contest from `file` in one transaction: the contest (code `code`, else the
/// file's), its categories and its rounds, each checked as its own form checks it and each
/// written to the audit log. Administrators only, as for a blank contest.
pub async fn create(
    db: &DatabaseConnection,
    actor: &Actor,
    file: ContestFile,
    code: Option<&str>,
    origin: &str,
) -> ServiceResult<ContestSummary> {
    policy::require(actor, Permission::Administer)?;
    let part = file.contest;
    let new = NewContest {
        code: code
            .map(str::to_owned)
            .or(part.code.clone())
            .unwrap_or_default(),
        name_vi: part.name_vi.clone(),
        name_en: part.name_en.clone(),
        description_vi: part.description_vi.clone(),
        description_en: part.description_en.clone(),
        time_zone: part.time_zone.clone(),
    };
    let checked = contests::check_new(&new)?;
    let settings = ContestSettings {
        name_vi: part.name_vi,
        name_en: part.name_en,
        description_vi: part.description_vi,
        description_en: part.description_en,
        time_zone: part.time_zone,
        submissions_open: part.submissions_open,
        submissions_close: part.submissions_close,
        registration_open: part.registration_open,
        results: part.results,
        attachment_types: part.attachment_types,
        attachment_max_mb: part.attachment_max_mb.to_string(),
    };
    let window = contests::check_window(&settings, &settings.time_zone)?;
    let attachments = contests::check_attachments(&settings)?;
    let eligibility =
        eligibility::check_form(&EligibilityForm::of(&file.eligibility)).map_err(|e| match e {
            ServiceError::Invalid(found) => ServiceError::Invalid(
                found
                    .into_iter()
                    .map(|p| {
                        Problem::at(format!("eligibility.{}", p.path.unwrap_or_default()), p.msg)
                    })
                    .collect(),
            ),
            other => other,
        })?;
    let mut problems = Vec::new();
    let mut categories = Vec::new();
    for (i, k) in file.categories.iter().enumerate() {
        match contests::check_category(k) {
            Ok(c) => categories.push(c),
            Err(ServiceError::Invalid(found)) => problems.extend(found.into_iter().map(|p| {
                Problem::at(
                    format!("categories[{i}].{}", p.path.unwrap_or_default()),
                    p.msg,
                )
            })),
            Err(other) => return Err(other),
        }
    }
    let form = match super::form_fields::check(file.fields.clone()) {
        Ok(form) => form,
        Err(ServiceError::Invalid(found)) => {
            problems.extend(found);
            Vec::new()
        }
        Err(other) => return Err(other),
    };
    let mut rounds_checked = Vec::new();
    for (i, r) in file.rounds.iter().enumerate() {
        match rounds::check(r, &settings.time_zone) {
            Ok(r) => rounds_checked.push(r),
            Err(ServiceError::Invalid(found)) => problems.extend(found.into_iter().map(|p| {
                Problem::at(format!("rounds[{i}].{}", p.path.unwrap_or_default()), p.msg)
            })),
            Err(other) => return Err(other),
        }
    }
    if !problems.is_empty() {
        return Err(ServiceError::Invalid(problems));
    }
    let txn = begin_write(db).await?;
    let mut saved = contests::insert(&txn, actor, checked, window, attachments, &form).await?;
    if !eligibility.is_empty() {
        let mut row: contest::ActiveModel = saved.into();
        row.eligibility = Set(serde_json::to_string(&eligibility).unwrap_or_else(|_| "{}".into()));
        saved = row.update(&txn).await?;
    }
    audit::append(
        &txn,
        actor,
        Record::new("contest.set_up_from", "contest", saved.id)
            .in_contest(saved.id)
            .changes(Changes::new().set("origin", origin)),
    )
    .await?;
    for category in categories {
        contests::insert_category(&txn, actor, saved.id, category).await?;
    }
    for round in rounds_checked {
        rounds::insert(&txn, actor, saved.id, round).await?;
    }
    txn.commit().await?;
    Ok(contests::summary(saved))
}

/// The contest with this code as a file (its committee or an administrator).
pub async fn export(db: &DatabaseConnection, actor: &Actor, code: &str) -> ServiceResult<String> {
    let c = find_by_code(db, code).await?;
    policy::require(actor, Permission::ManageContest(c.id))?;
    Ok(write(&file_of(db, c).await?))
}

/// A contest file with the contest's current setup (no code when it is to be copied).
pub(crate) async fn file_of(
    db: &DatabaseConnection,
    c: crate::ssr::entities::contest::Model,
) -> ServiceResult<ContestFile> {
    let categories = contests::categories(db, c.id).await?;
    let rounds = rounds::rows(db, c.id).await?;
    let summary = contests::summary(c.clone());
    let local =
        |z: Option<crate::format::Zoned>| z.map(crate::format::local_input).unwrap_or_default();
    Ok(ContestFile {
        contest: ContestPart {
            code: Some(c.code),
            name_vi: c.name_vi,
            name_en: c.name_en,
            description_vi: c.description_vi,
            description_en: c.description_en,
            time_zone: c.time_zone,
            submissions_open: local(summary.submissions_open),
            submissions_close: local(summary.submissions_close),
            registration_open: local(summary.registration_open),
            results: local(summary.results),
            attachment_types: c.attachment_types,
            attachment_max_mb: c.attachment_max_mb,
        },
        categories: categories
            .into_iter()
            .map(|k| NewCategory {
                code: k.code,
                name_vi: k.name_vi,
                name_en: k.name_en,
            })
            .collect(),
        rounds: rounds
            .into_iter()
            .map(|r| {
                let judging = rounds::view(r, &summary.time_zone);
                NewRound {
                    name_vi: judging.name_vi,
                    name_en: judging.name_en,
                    rules: judging.rules,
                    judging_open: local(judging.judging_open),
                    judging_close: local(judging.judging_close),
                }
            })
            .collect(),
        eligibility: summary.eligibility,
        fields: summary.form,
    })
}

/// Creates a contest as the administrator's form asks: blank, or from `start` (a template's
/// code or `copy:CODE`) with the form's code, names, time zone and (when given)
/// descriptions over the starting point's.
pub async fn create_from(
    db: &DatabaseConnection,
    actor: &Actor,
    input: NewContest,
    start: Option<&str>,
) -> ServiceResult<ContestSummary> {
    policy::require(actor, Permission::Administer)?;
    let Some(mut file) = starting_point(db, actor, start).await? else {
        return contests::create(db, actor, input).await;
    };
    let part = &mut file.contest;
    part.name_vi = input.name_vi;
    part.name_en = input.name_en;
    part.time_zone = input.time_zone;
    if !input.description_vi.trim().is_empty() {
        part.description_vi = input.description_vi;
    }
    if !input.description_en.trim().is_empty() {
        part.description_en = input.description_en;
    }
    let origin = start.unwrap_or_default().trim().to_owned();
    create(db, actor, file, Some(&input.code), &origin).await
}

/// Where a new contest starts: blank, a shipped template, or a copy of an earlier contest
/// (its setup, not its entries, people or window).
pub async fn starting_point(
    db: &DatabaseConnection,
    actor: &Actor,
    template: Option<&str>,
) -> ServiceResult<Option<ContestFile>> {
    let Some(choice) = template
        .map(str::trim)
        .filter(|t| !t.is_empty() && *t != "blank")
    else {
        return Ok(None);
    };
    if let Some(t) = Template::from_code(choice) {
        return Ok(Some(t.file()));
    }
    let code = choice
        .strip_prefix("copy:")
        .ok_or_else(|| ServiceError::invalid("template", Msg::Template))?;
    let c = find_by_code(db, code)
        .await
        .map_err(|_| ServiceError::invalid("template", Msg::Template))?;
    policy::require(actor, Permission::ManageContest(c.id))?;
    let mut file = file_of(db, c).await?;
    // A copy is for another year: its dates are the committee's to set anew.
    file.contest.submissions_open.clear();
    file.contest.submissions_close.clear();
    file.contest.registration_open.clear();
    file.contest.results.clear();
    for r in &mut file.rounds {
        r.judging_open.clear();
        r.judging_close.clear();
    }
    Ok(Some(file))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_template_reads_and_its_rounds_pass_the_engine() {
        for t in Template::ALL {
            let file = t.file();
            assert!(!file.rounds.is_empty(), "{}", t.code());
            for r in &file.rounds {
                rounds::preview(&r.rules)
                    .unwrap_or_else(|e| panic!("{} {}: {e:?}", t.code(), r.name_en));
            }
        }
        let provincial = Template::Provincial.file();
        assert_eq!(provincial.rounds.len(), 3);
        assert_eq!(provincial.categories.len(), 4);
        let last = rounds::preview(&provincial.rounds[2].rules).unwrap();
        assert!(last.is_final);
        assert_eq!(last.max_total.to_string(), "100");
        assert_eq!(Template::Hackathon.file().rounds.len(), 2);
    }

    #[test]
    fn a_contest_file_written_and_read_again_is_the_same() {
        let file = Template::Provincial.file();
        assert_eq!(parse(&write(&file)).unwrap(), file);
    }
}
