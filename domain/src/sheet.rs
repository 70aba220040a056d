//! Score sheets (SCORING.md §2): one judge's scores for one entry in one round.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{DomainError, SheetAction};
use crate::points::Points;
use crate::rubric::Rubric;

/// §2: `not_started → draft → submitted`, `submitted → reopened → submitted`; a sheet whose
/// judge declared a conflict after submitting is `void` (kept, never counted).
/// §2: a judge sees another judge's scores for an entry only once their own sheet for it is
/// submitted, and then only where the round allows it.
pub fn may_see_other_scores(own: Option<SheetState>, round_allows: bool) -> bool {
    round_allows && own == Some(SheetState::Submitted)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SheetState {
    Draft,
    Submitted,
    Reopened,
    Void,
}

impl SheetState {
    pub const ALL: [SheetState; 4] = [
        SheetState::Draft,
        SheetState::Submitted,
        SheetState::Reopened,
        SheetState::Void,
    ];

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn code(self) -> &'static str {
        match self {
            SheetState::Draft => "draft",
            SheetState::Submitted => "submitted",
            SheetState::Reopened => "reopened",
            SheetState::Void => "void",
        }
    }
}

/// A score sheet, its scores aligned with the rubric's criteria (blank = `None`).
/// The text fields are carried for the pages; no rule reads them. It is made only through
/// [`ScoreSheet::new`], [`ScoreSheet::submitted`] or [`ScoreSheet::restore`], which check every
/// score, so it has no `Deserialize`.
#[derive(Debug, Clone)]
pub struct ScoreSheet {
    judge: String,
    entry: String,
    state: SheetState,
    scores: Vec<Option<Decimal>>,
    /// Aligned with `scores` once a comment is set; empty until then, which reads as no comment
    /// on any criterion (a national round's 60,000 sheets mostly have none).
    comments: Vec<Option<String>>,
    pub overall_comment: Option<String>,
    pub committee_note: Option<String>,
    pub founder_feedback: Option<String>,
}

impl PartialEq for ScoreSheet {
    fn eq(&self, other: &Self) -> bool {
        self.judge == other.judge
            && self.entry == other.entry
            && self.state == other.state
            && self.scores == other.scores
            && self.comments().eq(other.comments())
            && self.overall_comment == other.overall_comment
            && self.committee_note == other.committee_note
            && self.founder_feedback == other.founder_feedback
    }
}

/// As the derived form would have it: `comments` is one (possibly null) comment per criterion.
impl Serialize for ScoreSheet {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeSeq, SerializeStruct};
        struct Comments<'a>(&'a ScoreSheet);
        impl Serialize for Comments<'_> {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut seq = serializer.serialize_seq(Some(self.0.scores.len()))?;
                for comment in self.0.comments() {
                    seq.serialize_element(&comment)?;
                }
                seq.end()
            }
        }
        let mut s = serializer.serialize_struct("ScoreSheet", 8)?;
        s.serialize_field("judge", &self.judge)?;
        s.serialize_field("entry", &self.entry)?;
        s.serialize_field("state", &self.state)?;
        s.serialize_field("scores", &self.scores)?;
        s.serialize_field("comments", &Comments(self))?;
        s.serialize_field("overall_comment", &self.overall_comment)?;
        s.serialize_field("committee_note", &self.committee_note)?;
        s.serialize_field("founder_feedback", &self.founder_feedback)?;
        s.end()
    }
}

impl ScoreSheet {
    /// A new, empty draft.
    pub fn new(rubric: &Rubric, judge: impl Into<String>, entry: impl Into<String>) -> Self {
        ScoreSheet {
            judge: judge.into(),
            entry: entry.into(),
            state: SheetState::Draft,
            scores: vec![None; rubric.len()],
            comments: Vec::new(),
            overall_comment: None,
            committee_note: None,
            founder_feedback: None,
        }
    }

    /// A sheet that was submitted with these scores, e.g. loaded from storage or a file.
    /// Every score is checked against the rubric and every required criterion must be scored.
    pub fn submitted(
        rubric: &Rubric,
        judge: impl Into<String>,
        entry: impl Into<String>,
        scores: &[(&str, Decimal)],
    ) -> Result<Self, DomainError> {
        let mut sheet = ScoreSheet::new(rubric, judge, entry);
        for (key, value) in scores {
            sheet.set_score(rubric, key, Some(Points::new(*value)))?;
        }
        sheet.submit(rubric)?;
        Ok(sheet)
    }

    /// A sheet as stored, in any state: every score is checked against the rubric, and a
    /// submitted sheet must score every required criterion.
    pub fn restore(
        rubric: &Rubric,
        judge: impl Into<String>,
        entry: impl Into<String>,
        state: SheetState,
        scores: &[(&str, Option<Decimal>)],
    ) -> Result<Self, DomainError> {
        let mut sheet = ScoreSheet::new(rubric, judge, entry);
        for (key, value) in scores {
            sheet.set_score(rubric, key, value.map(Points::new))?;
        }
        match state {
            SheetState::Draft => {}
            SheetState::Submitted => sheet.submit(rubric)?,
            SheetState::Reopened | SheetState::Void => sheet.state = state,
        }
        Ok(sheet)
    }

    /// A draft from scores as a judge typed them (criterion key → text; blank is not scored),
    /// with every score the rubric refuses: the refused ones are left out, the rest kept. The
    /// page computes its running total with this, and the server checks a save with it, so
    /// both agree to the last digit.
    pub fn from_typed<'a>(
        rubric: &Rubric,
        judge: impl Into<String>,
        entry: impl Into<String>,
        typed: impl Fn(&str) -> Option<&'a str>,
    ) -> (Self, Vec<DomainError>) {
        let mut sheet = ScoreSheet::new(rubric, judge, entry);
        let mut refused = Vec::new();
        for (index, criterion) in rubric.criteria().iter().enumerate() {
            let Some(text) = typed(&criterion.key)
                .map(str::trim)
                .filter(|t| !t.is_empty())
            else {
                continue;
            };
            match criterion.parse_score(text) {
                Ok(value) => sheet.scores[index] = Some(value),
                Err(e) => refused.push(e),
            }
        }
        (sheet, refused)
    }

    /// §2: the required criteria a submission still lacks, in rubric order.
    pub fn missing<'r>(&self, rubric: &'r Rubric) -> Vec<&'r str> {
        rubric
            .criteria()
            .iter()
            .zip(&self.scores)
            .filter(|(c, s)| c.required && s.is_none())
            .map(|(c, _)| c.key.as_str())
            .collect()
    }

    pub fn judge(&self) -> &str {
        &self.judge
    }

    pub fn entry(&self) -> &str {
        &self.entry
    }

    pub fn state(&self) -> SheetState {
        self.state
    }

    pub fn scores(&self) -> &[Option<Decimal>] {
        &self.scores
    }

    pub fn comment(&self, index: usize) -> Option<&str> {
        self.comments.get(index).and_then(|c| c.as_deref())
    }

    /// §2: only submitted sheets count (the caller passes only sheets of judges assigned to
    /// the entry; a conflict voids the sheet).
    pub fn is_counted(&self) -> bool {
        self.state == SheetState::Submitted
    }

    fn ensure_editable(&self, action: SheetAction) -> Result<(), DomainError> {
        match self.state {
            SheetState::Draft | SheetState::Reopened => Ok(()),
            state => Err(DomainError::SheetLocked {
                judge: self.judge.clone(),
                entry: self.entry.clone(),
                state,
                action,
            }),
        }
    }

    /// Sets or clears one criterion's score; refused off the step or out of range (§2).
    pub fn set_score(
        &mut self,
        rubric: &Rubric,
        key: &str,
        score: Option<Points>,
    ) -> Result<(), DomainError> {
        self.ensure_editable(SheetAction::Edit)?;
        let (index, criterion) = rubric.criterion(key)?;
        let value = score.map(|s| criterion.check(s)).transpose()?;
        self.slot(rubric, index)?;
        self.scores[index] = value;
        Ok(())
    }

    /// Sets criterion `index`'s score to a value already checked against the rubric
    /// ([`crate::rubric::Criterion::parse_score`]), as a file is read.
    pub(crate) fn set_checked(
        &mut self,
        rubric: &Rubric,
        index: usize,
        value: Option<Decimal>,
    ) -> Result<(), DomainError> {
        self.ensure_editable(SheetAction::Edit)?;
        self.slot(rubric, index)?;
        self.scores[index] = value;
        Ok(())
    }

    pub fn set_comment(
        &mut self,
        rubric: &Rubric,
        key: &str,
        comment: Option<String>,
    ) -> Result<(), DomainError> {
        self.ensure_editable(SheetAction::Edit)?;
        let (index, _) = rubric.criterion(key)?;
        self.slot(rubric, index)?;
        if self.comments.is_empty() {
            self.comments = vec![None; self.scores.len()];
        }
        self.comments[index] = comment.filter(|c| !c.trim().is_empty());
        Ok(())
    }

    /// Each criterion's comment, aligned with the scores.
    fn comments(&self) -> impl Iterator<Item = Option<&str>> {
        (0..self.scores.len()).map(|i| self.comment(i))
    }

    fn slot(&self, rubric: &Rubric, index: usize) -> Result<(), DomainError> {
        if self.scores.len() == rubric.len() && index < self.scores.len() {
            Ok(())
        } else {
            Err(self.mismatch())
        }
    }

    fn mismatch(&self) -> DomainError {
        DomainError::SheetRubricMismatch {
            judge: self.judge.clone(),
            entry: self.entry.clone(),
        }
    }

    /// §2: submitting requires every required criterion.
    pub fn submit(&mut self, rubric: &Rubric) -> Result<(), DomainError> {
        self.ensure_editable(SheetAction::Submit)?;
        self.check_shape(rubric)?;
        if let Some(missing) = rubric
            .criteria()
            .iter()
            .zip(&self.scores)
            .find(|(c, s)| c.required && s.is_none())
        {
            return Err(DomainError::RequiredCriterionMissing {
                criterion: missing.0.key.clone(),
                judge: self.judge.clone(),
                entry: self.entry.clone(),
            });
        }
        self.state = SheetState::Submitted;
        Ok(())
    }

    /// §2: only the committee reopens a submitted sheet, with a written reason.
    pub fn reopen(&mut self, reason: &str) -> Result<(), DomainError> {
        if self.state != SheetState::Submitted {
            return Err(DomainError::SheetLocked {
                judge: self.judge.clone(),
                entry: self.entry.clone(),
                state: self.state,
                action: SheetAction::Reopen,
            });
        }
        if reason.trim().is_empty() {
            return Err(DomainError::ReasonRequired {
                entry: self.entry.clone(),
            });
        }
        self.state = SheetState::Reopened;
        Ok(())
    }

    /// §2: a conflict declared after submitting voids the sheet; it is kept but never counts.
    pub fn void(&mut self) {
        self.state = SheetState::Void;
    }

    pub(crate) fn check_shape(&self, rubric: &Rubric) -> Result<(), DomainError> {
        if self.scores.len() == rubric.len() {
            Ok(())
        } else {
            Err(self.mismatch())
        }
    }

    /// §1: `Σ weight × score` over the criteria scored.
    pub fn total(&self, rubric: &Rubric) -> Decimal {
        rubric
            .criteria()
            .iter()
            .zip(&self.scores)
            .filter_map(|(c, s)| s.map(|s| c.weight.value() * s))
            .sum()
    }
}
