//! Conflicts of interest (SCORING.md §9, hard rule): declared pairs, plus those detected from a
//! team member and a judge sharing an email address, an organisation, or an email domain that
//! is not a public mail provider.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::{Entry, Judge};

const PUBLIC_MAIL_PROVIDERS: &str = include_str!("public_mail_providers.txt");

/// Why a judge must not score an entry. Several reasons may hold for one pair.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ConflictReason {
    /// Declared by the judge or recorded by the committee.
    Declared,
    /// A team member's email address is the judge's (compared trimmed, case-insensitively).
    SameEmail { member: String, email: String },
    /// A team member's organisation is the judge's, compared by [`normalise_organisation`].
    SameOrganisation {
        member: String,
        organisation: String,
    },
    /// A team member's email domain is the judge's and is not a public mail provider.
    SameEmailDomain { member: String, domain: String },
}

/// One judge who must not score one entry, with every reason found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conflict {
    pub judge_id: String,
    pub entry_id: String,
    pub reasons: Vec<ConflictReason>,
}

/// Whether `domain` belongs to the shipped list of public mail providers
/// (`public_mail_providers.txt`), compared case-insensitively.
pub fn is_public_mail_domain(domain: &str) -> bool {
    static PROVIDERS: OnceLock<HashSet<&'static str>> = OnceLock::new();
    let providers = PROVIDERS.get_or_init(|| {
        PUBLIC_MAIL_PROVIDERS
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with('#'))
            .collect()
    });
    providers.contains(domain.trim().trim_end_matches('.').to_lowercase().as_str())
}

/// The form in which organisation names are compared: Unicode letters lose their diacritics
/// (so "Đại học Bách khoa" equals "dai hoc bach khoa"), case is ignored, and any run of
/// punctuation or whitespace counts as one space ("FPT Software, JSC" equals "fpt software jsc").
/// Abbreviations are not expanded: "ĐHBK" and "Đại học Bách khoa" stay different.
pub fn normalise_organisation(name: &str) -> String {
    let folded: String = name
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| if matches!(c, 'đ' | 'Đ') { 'd' } else { c })
        .flat_map(char::to_lowercase)
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// An email address as compared: trimmed and lower-cased; `None` unless it has a local part
/// and a domain.
fn normalise_email(email: &str) -> Option<String> {
    let email = email.trim().to_lowercase();
    let (local, domain) = email.rsplit_once('@')?;
    (!local.is_empty() && !domain.trim_end_matches('.').is_empty()).then_some(email)
}

/// The domain of an already normalised email, when it is not a public provider.
fn private_domain(email: &str) -> Option<String> {
    let domain = email.rsplit_once('@')?.1.trim_end_matches('.');
    (!is_public_mail_domain(domain)).then(|| domain.to_owned())
}

/// Per entry (by index), the judges (by index, ascending) it conflicts with and why.
/// `declared` and `lifted` hold (entry index, judge index) pairs; a lifted pair keeps only a
/// declaration, none of the reasons detected.
pub(super) fn find(
    entries: &[Entry],
    judges: &[Judge],
    declared: &[(usize, usize)],
    lifted: &[(usize, usize)],
) -> Vec<Vec<(u32, Vec<ConflictReason>)>> {
    let lifted: HashSet<(usize, u32)> = lifted
        .iter()
        .filter_map(|&(e, j)| Some((e, u32::try_from(j).ok()?)))
        .collect();
    let mut by_email: HashMap<String, Vec<u32>> = HashMap::new();
    let mut by_organisation: HashMap<String, Vec<u32>> = HashMap::new();
    let mut by_domain: HashMap<String, Vec<u32>> = HashMap::new();
    for (j, judge) in (0u32..).zip(judges) {
        if let Some(email) = normalise_email(&judge.email) {
            if let Some(domain) = private_domain(&email) {
                by_domain.entry(domain).or_default().push(j);
            }
            by_email.entry(email).or_default().push(j);
        }
        let organisation = normalise_organisation(&judge.organisation);
        if !organisation.is_empty() {
            by_organisation.entry(organisation).or_default().push(j);
        }
    }

    let mut found: Vec<Vec<(u32, ConflictReason)>> = vec![Vec::new(); entries.len()];
    for &(e, j) in declared {
        if let (Some(list), Ok(j)) = (found.get_mut(e), u32::try_from(j)) {
            list.push((j, ConflictReason::Declared));
        }
    }
    for (entry, list) in entries.iter().zip(found.iter_mut()) {
        for member in &entry.members {
            if let Some(email) = normalise_email(&member.email) {
                for &j in by_email.get(&email).into_iter().flatten() {
                    let email = email.clone();
                    list.push((
                        j,
                        ConflictReason::SameEmail {
                            member: member.name.clone(),
                            email,
                        },
                    ));
                }
                if let Some(domain) = private_domain(&email) {
                    for &j in by_domain.get(&domain).into_iter().flatten() {
                        let reason = ConflictReason::SameEmailDomain {
                            member: member.name.clone(),
                            domain: domain.clone(),
                        };
                        list.push((j, reason));
                    }
                }
            }
            let organisation = normalise_organisation(&member.organisation);
            for &j in by_organisation.get(&organisation).into_iter().flatten() {
                let reason = ConflictReason::SameOrganisation {
                    member: member.name.clone(),
                    organisation: judges[j as usize].organisation.trim().to_owned(),
                };
                list.push((j, reason));
            }
        }
    }

    found
        .into_iter()
        .enumerate()
        .map(|(e, mut list)| {
            if !lifted.is_empty() {
                list.retain(|(j, reason)| {
                    *reason == ConflictReason::Declared || !lifted.contains(&(e, *j))
                });
            }
            list.sort();
            list.dedup();
            let mut grouped: Vec<(u32, Vec<ConflictReason>)> = Vec::new();
            for (j, reason) in list {
                match grouped.last_mut() {
                    Some((last, reasons)) if *last == j => reasons.push(reason),
                    _ => grouped.push((j, vec![reason])),
                }
            }
            grouped
        })
        .collect()
}
