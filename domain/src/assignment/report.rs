//! What the planner tells people, in each UI language: refused input, entries it could not
//! cover and why (SCORING.md §9: nothing half-done silently), and warnings.

use serde::{Deserialize, Serialize};

use crate::Lang;

/// Which list of (judge, entry) pairs an unknown id came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PairList {
    DeclaredConflicts,
    Keep,
}

impl PairList {
    fn name(self, lang: Lang) -> &'static str {
        match self {
            PairList::DeclaredConflicts => lang.pick("xung đột đã khai báo", "declared conflicts"),
            PairList::Keep => lang.pick("phân công cần giữ", "assignments to keep"),
        }
    }
}

/// Input the planner refuses.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AssignmentError {
    #[error("judges per entry must be at least 1")]
    NoJudgesPerEntry,
    #[error("entry id {id} appears more than once")]
    DuplicateEntry { id: String },
    #[error("judge id {id} appears more than once")]
    DuplicateJudge { id: String },
    #[error("unknown entry id {id} in the {list:?} list")]
    UnknownEntry { id: String, list: PairList },
    #[error("unknown judge id {id} in the {list:?} list")]
    UnknownJudge { id: String, list: PairList },
}

impl AssignmentError {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (Self::NoJudgesPerEntry, Lang::Vi) => {
                "Số giám khảo chấm mỗi hồ sơ phải ít nhất là 1.".to_owned()
            }
            (Self::NoJudgesPerEntry, Lang::En) => "Judges per entry must be at least 1.".to_owned(),
            (Self::DuplicateEntry { id }, Lang::Vi) => format!("Mã hồ sơ {id} bị trùng."),
            (Self::DuplicateEntry { id }, Lang::En) => {
                format!("Entry id {id} appears more than once.")
            }
            (Self::DuplicateJudge { id }, Lang::Vi) => format!("Mã giám khảo {id} bị trùng."),
            (Self::DuplicateJudge { id }, Lang::En) => {
                format!("Judge id {id} appears more than once.")
            }
            (Self::UnknownEntry { id, list }, Lang::Vi) => {
                format!(
                    "Danh sách {} nhắc tới hồ sơ {id} không có trong vòng.",
                    list.name(lang)
                )
            }
            (Self::UnknownEntry { id, list }, Lang::En) => {
                format!(
                    "The {} list names entry {id}, which is not in the round.",
                    list.name(lang)
                )
            }
            (Self::UnknownJudge { id, list }, Lang::Vi) => {
                format!(
                    "Danh sách {} nhắc tới giám khảo {id} không có trong vòng.",
                    list.name(lang)
                )
            }
            (Self::UnknownJudge { id, list }, Lang::En) => {
                format!(
                    "The {} list names judge {id}, who is not in the round.",
                    list.name(lang)
                )
            }
        }
    }
}

/// An entry the plan leaves with fewer than k judges, and why. Every judge of the round is
/// counted once: in conflict with the entry, not in conflict but at their maximum load, or
/// eligible (not in conflict and with room, or already on the entry).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shortfall {
    pub entry_id: String,
    pub code: String,
    pub needed: u32,
    pub assigned: u32,
    pub eligible: u32,
    pub in_conflict: u32,
    pub at_max_load: u32,
}

impl Shortfall {
    /// E.g. "E-0142: 2 eligible judges, 3 in conflict, 4 at their maximum load; needs 3,
    /// has 2."
    pub fn message(&self, lang: Lang) -> String {
        let Shortfall {
            code,
            needed,
            assigned,
            eligible,
            in_conflict,
            at_max_load,
            ..
        } = self;
        match lang {
            Lang::Vi => format!(
                "{code}: {eligible} giám khảo đủ điều kiện, {in_conflict} có xung đột lợi ích, \
                 {at_max_load} đã đủ số hồ sơ tối đa; cần {needed}, mới có {assigned}."
            ),
            Lang::En => format!(
                "{code}: {eligible} eligible {}, {in_conflict} in conflict, {at_max_load} at \
                 their maximum load; needs {needed}, has {assigned}.",
                if *eligible == 1 { "judge" } else { "judges" }
            ),
        }
    }
}

/// Something the committee should know about an otherwise valid plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PlanWarning {
    /// Judges form several groups sharing no entry, so calibration (§4) cannot compare them.
    Disconnected { groups: u32 },
    /// A started assignment in conflict was not kept: the hard rule wins.
    KeptInConflict {
        entry_id: String,
        code: String,
        judge_id: String,
        judge_name: String,
    },
    /// An entry keeps more started assignments than judges per entry.
    KeptAboveK {
        entry_id: String,
        code: String,
        kept: u32,
        judges_per_entry: u32,
    },
    /// A judge keeps more started assignments than their maximum load; they get no more.
    KeptAboveMaxLoad {
        judge_id: String,
        judge_name: String,
        kept: u32,
        max_load: u32,
    },
}

impl PlanWarning {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (Self::Disconnected { groups }, Lang::Vi) => format!(
                "Giám khảo chia thành {groups} nhóm không chấm chung hồ sơ nào; hiệu chỉnh điểm \
                 giám khảo chỉ so sánh được trong từng nhóm."
            ),
            (Self::Disconnected { groups }, Lang::En) => format!(
                "The judges form {groups} groups that share no entry; calibration can only \
                 compare judges within a group."
            ),
            (
                Self::KeptInConflict {
                    code, judge_name, ..
                },
                Lang::Vi,
            ) => format!("Không giữ phân công {judge_name} chấm {code}: có xung đột lợi ích."),
            (
                Self::KeptInConflict {
                    code, judge_name, ..
                },
                Lang::En,
            ) => format!("{judge_name} no longer scores {code}: they are in conflict."),
            (
                Self::KeptAboveK {
                    code,
                    kept,
                    judges_per_entry,
                    ..
                },
                Lang::Vi,
            ) => format!(
                "{code} giữ {kept} giám khảo đã bắt đầu chấm, nhiều hơn {judges_per_entry}."
            ),
            (
                Self::KeptAboveK {
                    code,
                    kept,
                    judges_per_entry,
                    ..
                },
                Lang::En,
            ) => format!(
                "{code} keeps {kept} judges whose sheets are started, more than \
                 {judges_per_entry}."
            ),
            (
                Self::KeptAboveMaxLoad {
                    judge_name,
                    kept,
                    max_load,
                    ..
                },
                Lang::Vi,
            ) => format!(
                "{judge_name} đã bắt đầu chấm {kept} hồ sơ, vượt mức tối đa {max_load}; không \
                 giao thêm."
            ),
            (
                Self::KeptAboveMaxLoad {
                    judge_name,
                    kept,
                    max_load,
                    ..
                },
                Lang::En,
            ) => format!(
                "{judge_name} has started {kept} sheets, above their maximum of {max_load}; no \
                 entry is added."
            ),
        }
    }
}
