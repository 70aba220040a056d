//! Plain-text explanation of one entry's result (SCORING.md §6: every rank can be explained),
//! rendered from the data in [`EntryResult`] for the CLI.

use std::fmt::Write;

use rust_decimal::Decimal;

use crate::Lang;
use crate::advancement::{AdvanceReason, Exclusion, Verdict};
use crate::committee::OverrideAction;
use crate::points::{fixed, plain};
use crate::prizes::{NoPrize, PrizeVerdict};
use crate::ranking::{DecidedBy, Neighbour, Placing};
use crate::round::{EntryResult, EntryStatus, RoundOutcome};
use crate::rubric::Rubric;
use crate::scoring::Dropped;
use crate::settings::RoundSettings;

/// The explanation of entry `code`, or `None` when the round has no such entry.
pub fn render(
    outcome: &RoundOutcome,
    rubric: &Rubric,
    settings: &RoundSettings,
    code: &str,
    lang: Lang,
) -> Option<String> {
    let r = outcome.entry(code)?;
    let t = |vi: &str, en: &str| lang.pick(vi, en).to_owned();
    let p = outcome.precision;
    let num = |d: Decimal| fixed(d, p);
    let mut out = String::new();
    let category = r
        .entry
        .category
        .clone()
        .unwrap_or_else(|| t("(không có bảng)", "(no category)"));
    let _ = writeln!(
        out,
        "{} {} · {} {}",
        t("Hồ sơ", "Entry"),
        r.entry.code,
        t("bảng", "category"),
        category
    );
    if let Some(title) = &r.entry.title {
        let _ = writeln!(out, "  {title}");
    }
    let status = match r.status {
        EntryStatus::Ranked => t("được xếp hạng", "ranked"),
        EntryStatus::Incomplete => t(
            "chưa đủ phiếu chấm: có điểm nhưng không xếp hạng",
            "incomplete: scored but not ranked",
        ),
        EntryStatus::Disqualified => t(
            "bị loại: không xếp hạng, không đi tiếp, không nhận giải",
            "disqualified: not ranked, advanced or awarded",
        ),
    };
    let _ = writeln!(out, "{}: {status}", t("Trạng thái", "Status"));
    let _ = writeln!(
        out,
        "{} ({} {}, {} {}):",
        t("Phiếu được tính", "Counted sheets"),
        r.scoring.sheets.len(),
        t("phiếu", "sheets"),
        t("cần tối thiểu", "minimum"),
        settings.min_sheets()
    );
    for sheet in &r.scoring.sheets {
        let mut line = format!(
            "  {}: {} {}",
            sheet.judge,
            t("tổng", "total"),
            plain(sheet.total)
        );
        if let Some(calibrated) = sheet.calibrated {
            let delta = calibrated - sheet.total;
            let sign = if delta.is_sign_negative() { "" } else { "+" };
            let _ = write!(
                line,
                " → {} {} ({sign}{})",
                t("hiệu chỉnh", "calibrated"),
                plain(calibrated),
                plain(delta)
            );
        }
        match sheet.dropped {
            Some(Dropped::Lowest) => line += &t(" [bị loại: thấp nhất]", " [dropped: lowest]"),
            Some(Dropped::Highest) => line += &t(" [bị loại: cao nhất]", " [dropped: highest]"),
            None => {}
        }
        let _ = writeln!(out, "{line}");
    }
    let _ = writeln!(
        out,
        "{}: {}",
        t("Cách tính", "Aggregate"),
        outcome.aggregate
    );
    if r.scoring.fell_back_to_mean {
        let _ = writeln!(
            out,
            "  {}",
            t(
                "số phiếu ≤ 2 × trim nên dùng trung bình cộng",
                "n ≤ 2 × trim, so the plain mean is used"
            )
        );
    }
    match r.scoring.score {
        Some(score) => {
            let _ = writeln!(out, "{}: {}", t("Điểm", "Score"), num(score));
        }
        None => {
            let _ = writeln!(out, "{}: —", t("Điểm", "Score"));
        }
    }
    if let (Some(raw), Some(_)) = (r.scoring.raw_mean, &outcome.calibration) {
        let _ = writeln!(
            out,
            "{}: {}",
            t(
                "Điểm thô (trung bình chưa hiệu chỉnh)",
                "Raw score (uncalibrated mean)"
            ),
            num(raw)
        );
    }
    let criteria: Vec<String> = rubric
        .criteria()
        .iter()
        .zip(&r.scoring.criteria)
        .map(|(c, v)| {
            let name = if c.name.is_empty() {
                c.key.as_str()
            } else {
                c.name.get(lang)
            };
            format!("{name} {}", v.map_or("—".to_owned(), num))
        })
        .collect();
    let _ = writeln!(
        out,
        "{}: {}",
        t("Theo tiêu chí", "Per criterion"),
        criteria.join(" · ")
    );
    if let Some(flag) = &r.flag {
        let mut line = t("Chênh lệch điểm", "Discrepancy");
        if let Some(s) = &flag.spread {
            let _ = write!(
                line,
                ": max − min = {} > {}",
                plain(s.spread),
                plain(s.limit)
            );
        }
        if let Some(rel) = &flag.relative {
            let ratio = rel.ratio.map_or("∞".to_owned(), |x| fixed(x, 4));
            let _ = write!(
                line,
                "; {} {}: |{} − {}| / |{}| = {} > {}",
                t("giám khảo", "judge"),
                rel.judge,
                plain(rel.total),
                fixed(rel.mean, 4),
                fixed(rel.mean, 4),
                ratio,
                plain(rel.limit)
            );
        }
        match &flag.accepted {
            Some(note) => {
                let _ = write!(
                    line,
                    " — {}: {note}",
                    t("Ban tổ chức chấp nhận", "accepted by the committee")
                );
            }
            None => line += &t(" — chờ Ban tổ chức xử lý", " — awaiting the committee"),
        }
        let _ = writeln!(out, "{line}");
    }
    if let Some(placing) = &r.rank {
        let _ = writeln!(
            out,
            "{}",
            placing_line(placing, &t("Hạng chung", "Overall rank"), lang)
        );
    }
    if let Some(placing) = &r.category_rank {
        let _ = writeln!(
            out,
            "{}",
            placing_line(placing, &t("Hạng trong bảng", "Category rank"), lang)
        );
    }
    if let Some(line) = advancement_line(r, lang) {
        let _ = writeln!(out, "{line}");
    }
    if let Some(line) = prize_line(r, settings, lang) {
        let _ = writeln!(out, "{line}");
    }
    Some(out)
}

fn decided(n: &Neighbour, lang: Lang) -> String {
    match &n.decided_by {
        DecidedBy::Score => format!("{} ({})", n.code, lang.pick("khác điểm", "by score")),
        DecidedBy::TieBreak(rule) => format!(
            "{} ({} {rule})",
            n.code,
            lang.pick("tách bởi tiêu chí phụ", "by tie-break")
        ),
        DecidedBy::Shared => format!("{} ({})", n.code, lang.pick("đồng hạng", "shares the rank")),
    }
}

fn placing_line(placing: &Placing, label: &str, lang: Lang) -> String {
    let mut line = format!("{label}: {}", placing.rank);
    if let Some(above) = &placing.above {
        let _ = write!(
            line,
            "; {} {}",
            lang.pick("dưới", "below"),
            decided(above, lang)
        );
    }
    if let Some(below) = &placing.below {
        let _ = write!(
            line,
            "; {} {}",
            lang.pick("trên", "above"),
            decided(below, lang)
        );
    }
    line
}

fn advancement_line(r: &EntryResult, lang: Lang) -> Option<String> {
    let a = r.advancement.as_ref()?;
    let t = |vi: &str, en: &str| lang.pick(vi, en).to_owned();
    let rules = match &a.by_rules {
        Verdict::Advances(AdvanceReason::WithinTopN { rank }) => format!(
            "{} {rank})",
            t(
                "có — trong nhóm dẫn đầu (hạng",
                "yes — within the top N (rank"
            )
        ),
        Verdict::Advances(AdvanceReason::TiedAtCutoff { rank }) => format!(
            "{} {rank})",
            t(
                "có — đồng hạng tại ngưỡng, tất cả cùng đi tiếp (hạng",
                "yes — tied at the cutoff, all advance (rank"
            )
        ),
        Verdict::Advances(AdvanceReason::EveryCandidate) => {
            t("có — đạt mọi điều kiện", "yes — meets every threshold")
        }
        Verdict::DoesNotAdvance(e) => match e {
            Exclusion::Disqualified => t("không — bị loại", "no — disqualified"),
            Exclusion::Incomplete => t("không — chưa đủ phiếu chấm", "no — incomplete"),
            Exclusion::NoAdvanceRule => t(
                "không — vòng này không xét đi tiếp",
                "no — this round advances no one",
            ),
            Exclusion::BelowMinScore { score, min_score } => format!(
                "{} {} < {}",
                t("không — điểm", "no — score"),
                plain(*score),
                plain(*min_score)
            ),
            Exclusion::ZeroCriterion { criterion } => format!(
                "{} \"{criterion}\" = 0",
                t("không — tiêu chí", "no — criterion")
            ),
            Exclusion::BelowCutoff { rank, last_rank } => format!(
                "{} {rank}, {} {last_rank}",
                t("không — hạng", "no — rank"),
                t("hạng cuối được đi tiếp là", "the last advancing rank is")
            ),
        },
        Verdict::CommitteeDecides { rank, places, tied } => match lang {
            Lang::Vi => format!(
                "chờ Ban tổ chức quyết định — {tied} hồ sơ đồng hạng {rank} tranh {places} suất"
            ),
            Lang::En => format!(
                "awaiting the committee — {tied} entries tied at rank {rank} for {places} place(s)"
            ),
        },
    };
    let mut line = format!("{}: {rules}", t("Đi tiếp", "Advancement"));
    if let Some(o) = &a.committee {
        let action = match o.action {
            OverrideAction::Add => t("Ban tổ chức cho đi tiếp", "added by the committee"),
            OverrideAction::Remove => t(
                "Ban tổ chức loại khỏi danh sách",
                "removed by the committee",
            ),
        };
        let _ = write!(line, " — {action}: {}", o.reason);
    }
    Some(line)
}

fn prize_line(r: &EntryResult, settings: &RoundSettings, lang: Lang) -> Option<String> {
    let award = r.prize.as_ref()?;
    let list = &settings.prizes.as_ref()?.list;
    let name = |i: Option<usize>| match i.and_then(|i| list.get(i)) {
        Some(prize) => prize.name.get(lang).to_owned(),
        None => lang.pick("không giải", "no prize").to_owned(),
    };
    let t = |vi: &str, en: &str| lang.pick(vi, en).to_owned();
    let rules = match &award.by_rules {
        PrizeVerdict::Awarded {
            prize,
            shared: false,
        } => name(Some(*prize)),
        PrizeVerdict::Awarded {
            prize,
            shared: true,
        } => format!(
            "{} {}",
            name(Some(*prize)),
            t(
                "(đồng hạng qua ranh giới giải: cùng nhận giải cao hơn)",
                "(tied across a prize boundary: all share the higher prize)"
            )
        ),
        PrizeVerdict::CommitteeDecides { options } => {
            let names: Vec<String> = options
                .iter()
                .map(|o| format!("{} × {}", name(o.prize), o.places))
                .collect();
            format!(
                "{}: {}",
                t(
                    "đồng hạng qua ranh giới giải, chờ Ban tổ chức chọn trong",
                    "tied across a prize boundary, the committee chooses among"
                ),
                names.join(", ")
            )
        }
        PrizeVerdict::NotAwarded(NoPrize::Disqualified) => {
            t("không — bị loại", "none — disqualified")
        }
        PrizeVerdict::NotAwarded(NoPrize::Incomplete) => {
            t("không — chưa đủ phiếu chấm", "none — incomplete")
        }
        PrizeVerdict::NotAwarded(NoPrize::NoneLeft) => t(
            "không — các giải đã trao cho hồ sơ xếp trên",
            "none — every prize went to entries ranked above",
        ),
        PrizeVerdict::NotAwarded(NoPrize::BelowMinScore { prize, min_score }) => format!(
            "{} {} {}",
            t(
                "không — chưa đạt điểm tối thiểu của",
                "none — below the minimum score of"
            ),
            name(Some(*prize)),
            plain(*min_score)
        ),
    };
    let mut line = format!("{}: {rules}", t("Giải", "Prize"));
    if let Some(choice) = &award.committee {
        let chosen = name(choice.prize.and_then(|p| (p as usize).checked_sub(1)));
        let _ = write!(
            line,
            " — {}: {chosen} ({})",
            t("Ban tổ chức chọn", "the committee chose"),
            choice.reason
        );
    }
    Some(line)
}
