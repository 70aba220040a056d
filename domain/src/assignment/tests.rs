//! Hand-made rounds with their expected plans (SCORING.md §9).

use super::*;

pub(super) fn member(name: &str, email: &str, organisation: &str) -> TeamMember {
    TeamMember {
        name: name.into(),
        email: email.into(),
        organisation: organisation.into(),
    }
}

pub(super) fn entry(code: &str, category: Option<&str>, members: Vec<TeamMember>) -> Entry {
    Entry {
        id: format!("id-{code}"),
        code: code.into(),
        category: category.map(Into::into),
        members,
    }
}

pub(super) fn judge(id: &str, email: &str, organisation: &str, expertise: &[&str]) -> Judge {
    Judge {
        id: id.into(),
        name: format!("Judge {id}"),
        email: email.into(),
        organisation: organisation.into(),
        expertise: expertise.iter().map(|s| s.to_string()).collect(),
        max_load: None,
    }
}

fn plain_entries(count: usize, category: Option<&str>) -> Vec<Entry> {
    (1..=count)
        .map(|i| entry(&format!("E-{i:04}"), category, Vec::new()))
        .collect()
}

fn plain_judges(count: usize, expertise: &[&str]) -> Vec<Judge> {
    (1..=count)
        .map(|i| judge(&format!("J{i}"), "", "", expertise))
        .collect()
}

fn request(entries: Vec<Entry>, judges: Vec<Judge>, k: u32) -> AssignmentRequest {
    AssignmentRequest {
        entries,
        judges,
        judges_per_entry: k,
        seed: 7,
        ..Default::default()
    }
}

/// (entry code, judge ids) for each entry of the plan.
fn table(plan: &AssignmentPlan) -> Vec<(String, Vec<String>)> {
    plan.entries
        .iter()
        .map(|e| {
            (
                e.code.clone(),
                e.judges.iter().map(|j| j.judge_id.clone()).collect(),
            )
        })
        .collect()
}

fn loads(plan: &AssignmentPlan) -> Vec<u32> {
    plan.loads.iter().map(|l| l.load).collect()
}

fn one_entry_one_judge(member: TeamMember, judge: Judge) -> Vec<Conflict> {
    let round = request(vec![entry("E-0001", None, vec![member])], vec![judge], 1);
    detect_conflicts(&round).expect("valid request")
}

#[test]
fn a_team_member_with_the_judges_email_is_a_conflict_whatever_the_case_and_spaces() {
    let found = one_entry_one_judge(
        member("Lê Minh", "  Minh.Le@Example.VN ", ""),
        judge("J1", "minh.le@example.vn", "", &[]),
    );
    let reasons = vec![
        ConflictReason::SameEmail {
            member: "Lê Minh".into(),
            email: "minh.le@example.vn".into(),
        },
        ConflictReason::SameEmailDomain {
            member: "Lê Minh".into(),
            domain: "example.vn".into(),
        },
    ];
    assert_eq!(
        found,
        vec![Conflict {
            judge_id: "J1".into(),
            entry_id: "id-E-0001".into(),
            reasons
        }]
    );
}

#[test]
fn the_same_organisation_is_a_conflict_whatever_the_case_spacing_and_diacritics() {
    let found = one_entry_one_judge(
        member("An", "", "trường  ĐẠI HỌC Bách khoa"),
        judge("J1", "", "Truong Dai hoc Bach Khoa", &[]),
    );
    let reason = ConflictReason::SameOrganisation {
        member: "An".into(),
        organisation: "Truong Dai hoc Bach Khoa".into(),
    };
    assert_eq!(found[0].reasons, vec![reason]);
    assert_eq!(
        normalise_organisation("FPT Software, JSC."),
        "fpt software jsc"
    );
}

#[test]
fn a_shared_company_email_domain_is_a_conflict() {
    let found = one_entry_one_judge(
        member("Bình", "binh@agritech.com.vn", ""),
        judge("J1", "ceo@AgriTech.com.vn", "", &[]),
    );
    let reason = ConflictReason::SameEmailDomain {
        member: "Bình".into(),
        domain: "agritech.com.vn".into(),
    };
    assert_eq!(found[0].reasons, vec![reason]);
}

#[test]
fn sharing_a_public_mail_provider_is_no_conflict() {
    for domain in [
        "gmail.com",
        "yahoo.com.vn",
        "outlook.com",
        "icloud.com",
        "vnn.vn",
    ] {
        let found = one_entry_one_judge(
            member("Chi", &format!("chi@{domain}"), "Hợp tác xã Sen"),
            judge(
                "J1",
                &format!("judge@{}", domain.to_uppercase()),
                "Sở KH&CN",
                &[],
            ),
        );
        assert_eq!(found, Vec::new(), "{domain}");
    }
    assert!(is_public_mail_domain("GMAIL.COM."));
    assert!(!is_public_mail_domain("hust.edu.vn"));
}

#[test]
fn a_declared_conflict_keeps_its_reason_and_an_unknown_id_is_refused() {
    let mut round = request(plain_entries(1, None), plain_judges(1, &[]), 1);
    round.declared_conflicts = vec![Pairing::new("J1", "id-E-0001")];
    let found = detect_conflicts(&round).expect("valid request");
    assert_eq!(found[0].reasons, vec![ConflictReason::Declared]);

    round.declared_conflicts = vec![Pairing::new("J9", "id-E-0001")];
    let refused = plan_assignment(&round).expect_err("unknown judge");
    assert_eq!(
        refused,
        AssignmentError::UnknownJudge {
            id: "J9".into(),
            list: PairList::DeclaredConflicts
        }
    );
}

#[test]
fn a_lifted_pair_loses_every_detected_reason_but_keeps_a_declaration() {
    let team = vec![member("Lê Hoa", "hoa@hust.edu.vn", "Đại học Bách khoa")];
    let mut round = request(
        vec![entry("E-0001", None, team)],
        vec![
            judge("J1", "minh@hust.edu.vn", "Dai hoc Bach khoa", &[]),
            judge("J2", "an@hust.edu.vn", "", &[]),
        ],
        1,
    );
    round.declared_conflicts = vec![Pairing::new("J2", "id-E-0001")];
    round.lifted_conflicts = vec![
        Pairing::new("J1", "id-E-0001"),
        Pairing::new("J2", "id-E-0001"),
    ];
    let found = detect_conflicts(&round).expect("valid request");
    assert_eq!(
        found,
        vec![Conflict {
            judge_id: "J2".into(),
            entry_id: "id-E-0001".into(),
            reasons: vec![ConflictReason::Declared],
        }]
    );
    let plan = plan_assignment(&round).expect("valid request");
    assert_eq!(
        table(&plan),
        vec![("E-0001".to_string(), vec!["J1".to_string()])]
    );
}

#[test]
fn duplicate_ids_and_zero_judges_per_entry_are_refused() {
    let mut round = request(plain_entries(1, None), plain_judges(1, &[]), 0);
    assert_eq!(
        plan_assignment(&round),
        Err(AssignmentError::NoJudgesPerEntry)
    );
    round.judges_per_entry = 1;
    round.judges.push(judge("J1", "", "", &[]));
    assert_eq!(
        plan_assignment(&round),
        Err(AssignmentError::DuplicateJudge { id: "J1".into() })
    );
}

#[test]
fn every_entry_gets_exactly_k_distinct_judges_and_loads_differ_by_at_most_one() {
    let plan = plan_assignment(&request(plain_entries(7, None), plain_judges(10, &[]), 3))
        .expect("valid request");
    assert!(plan.entries.iter().all(|e| {
        let mut ids: Vec<_> = e.judges.iter().map(|j| &j.judge_id).collect();
        ids.dedup();
        ids.len() == 3
    }));
    let mut sorted = loads(&plan);
    sorted.sort_unstable();
    assert_eq!(sorted, vec![2, 2, 2, 2, 2, 2, 2, 2, 2, 3]);
    assert_eq!(
        (plan.assignments, plan.judge_groups, plan.is_complete()),
        (21, 1, true)
    );
}

#[test]
fn a_judges_maximum_load_is_never_exceeded_and_the_rest_share_evenly() {
    let mut judges = plain_judges(4, &[]);
    judges[0].max_load = Some(1);
    judges[1].max_load = Some(2);
    let plan = plan_assignment(&request(plain_entries(6, None), judges, 2)).expect("valid request");
    let all = loads(&plan);
    let mut uncapped = all[2..].to_vec();
    uncapped.sort_unstable();
    assert_eq!((all[..2].to_vec(), uncapped), (vec![1, 2], vec![4, 5]));
    assert!(plan.is_complete());
}

/// E-0142 conflicts with J3 (declared), J4 (same email) and J5 (same organisation);
/// J6 to J9 take no entries at all; only J1 and J2 may score it.
fn short_round() -> AssignmentRequest {
    let mut judges = plain_judges(9, &[]);
    judges[3].email = "lan@gmail.com".into();
    judges[4].organisation = "Công ty Mía đường".into();
    for judge in &mut judges[5..] {
        judge.max_load = Some(0);
    }
    let entries = vec![
        entry("E-0001", None, Vec::new()),
        entry(
            "E-0142",
            None,
            vec![
                member("Lan", "LAN@gmail.com", ""),
                member("Hòa", "", "công ty mia duong"),
            ],
        ),
    ];
    let mut round = request(entries, judges, 3);
    round.declared_conflicts = vec![Pairing::new("J3", "id-E-0142")];
    round
}

#[test]
fn an_entry_that_cannot_get_k_judges_is_reported_with_counts_beside_the_best_partial_plan() {
    let plan = plan_assignment(&short_round()).expect("valid request");
    let shortfall = Shortfall {
        entry_id: "id-E-0142".into(),
        code: "E-0142".into(),
        needed: 3,
        assigned: 2,
        eligible: 2,
        in_conflict: 3,
        at_max_load: 4,
    };
    assert_eq!(plan.shortfalls, vec![shortfall]);
    // Five places is the most any plan covers; spread evenly, E-0001 takes J3, J4 and J5.
    let expected = vec![
        (
            "E-0001".to_string(),
            vec!["J3".to_string(), "J4".into(), "J5".into()],
        ),
        ("E-0142".to_string(), vec!["J1".to_string(), "J2".into()]),
    ];
    assert_eq!(table(&plan), expected);
    assert_eq!(loads(&plan), vec![1, 1, 1, 1, 1, 0, 0, 0, 0]);
    assert!(!plan.is_complete());
    assert_eq!(plan.expertise_bound, None);
    let conflicts: Vec<_> = plan.conflicts.iter().map(|c| c.judge_id.as_str()).collect();
    assert_eq!(conflicts, vec!["J3", "J4", "J5"]);
}

#[test]
fn re_planning_keeps_started_assignments_and_only_fills_the_gaps() {
    let mut round = request(plain_entries(3, None), plain_judges(4, &[]), 2);
    round.keep = vec![
        Pairing::new("J4", "id-E-0001"),
        Pairing::new("J4", "id-E-0002"),
    ];
    let plan = plan_assignment(&round).expect("valid request");
    let first = &plan.entries[0];
    assert!(first.judges.iter().any(|j| j.judge_id == "J4" && j.kept));
    assert_eq!(
        plan.entries
            .iter()
            .map(|e| e.judges.len())
            .collect::<Vec<_>>(),
        vec![2, 2, 2]
    );
    assert_eq!(plan.loads[3].kept, 2);
    // Six places: J4 already holds two, so the other four go one to each of the rest
    // and one more to someone.
    let mut sorted = loads(&plan);
    sorted.sort_unstable();
    assert_eq!(sorted, vec![1, 1, 2, 2]);
    assert_eq!(plan.new_pairings().count(), 4);
}

#[test]
fn a_started_assignment_that_is_now_in_conflict_is_dropped_with_a_warning() {
    let mut round = request(plain_entries(1, None), plain_judges(2, &[]), 1);
    round.keep = vec![Pairing::new("J1", "id-E-0001")];
    round.declared_conflicts = vec![Pairing::new("J1", "id-E-0001")];
    let plan = plan_assignment(&round).expect("valid request");
    assert_eq!(
        table(&plan),
        vec![("E-0001".to_string(), vec!["J2".to_string()])]
    );
    let warning = PlanWarning::KeptInConflict {
        entry_id: "id-E-0001".into(),
        code: "E-0001".into(),
        judge_id: "J1".into(),
        judge_name: "Judge J1".into(),
    };
    assert_eq!(plan.warnings, vec![warning]);
}

#[test]
fn expertise_is_matched_whenever_loads_allow() {
    let mut entries = plain_entries(4, Some("agri"));
    entries.extend((5..=8).map(|i| entry(&format!("E-{i:04}"), Some("tourism"), Vec::new())));
    let mut judges = plain_judges(2, &["tourism"]);
    judges.extend((3..=4).map(|i| judge(&format!("J{i}"), "", "", &["agri"])));
    let plan = plan_assignment(&request(entries, judges, 2)).expect("valid request");
    // Sixteen places, four per judge: every pair matches except the two traded to join the
    // agriculture and tourism judges into one calibration group.
    assert_eq!(loads(&plan), vec![4, 4, 4, 4]);
    assert_eq!(
        (
            plan.expertise_matches,
            plan.expertise_bound,
            plan.judge_groups
        ),
        (14, Some(16), 1)
    );
    assert_eq!(plan.warnings, Vec::new());
}

#[test]
fn judges_that_share_no_entry_are_reported_as_separate_groups() {
    let plan = plan_assignment(&request(plain_entries(2, None), plain_judges(2, &[]), 1))
        .expect("valid request");
    assert_eq!(plan.judge_groups, 2);
    assert_eq!(plan.warnings, vec![PlanWarning::Disconnected { groups: 2 }]);
}

#[test]
fn the_same_seed_gives_the_same_plan_and_the_seed_breaks_ties() {
    let round = request(
        plain_entries(30, Some("agri")),
        plain_judges(12, &["agri"]),
        3,
    );
    let first = plan_assignment(&round).expect("valid request");
    assert_eq!(plan_assignment(&round), Ok(first.clone()));
    let reseeded = AssignmentRequest { seed: 8, ..round };
    assert_ne!(
        table(&plan_assignment(&reseeded).expect("valid request")),
        table(&first)
    );
}

#[test]
fn more_judges_per_entry_than_judges_leaves_every_entry_short() {
    let plan = plan_assignment(&request(plain_entries(2, None), plain_judges(2, &[]), 3))
        .expect("valid request");
    assert_eq!(loads(&plan), vec![2, 2]);
    let short: Vec<_> = plan
        .shortfalls
        .iter()
        .map(|s| (s.assigned, s.eligible))
        .collect();
    assert_eq!(short, vec![(2, 2), (2, 2)]);
}
