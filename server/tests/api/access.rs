//! The access matrix: every page, server function and plain route, called as each kind of
//! user, on SQLite and PostgreSQL. Each row says who may; the others must get the refusal
//! status and nothing protected in the body. The table must list every route the server
//! has: a new route or server function fails this test until its row is written.

use crate::helpers::{
    ADMIN_EMAIL, PASSWORD, TestApp, actor_of, address_for, admin_actor, client, new_contest,
    on_each_backend, open_for_entries, signed_in, urlencode,
};
use app::domain::Lang;
use app::ssr::services::{contests, invitations};
use reqwest::Client;
use reqwest::header::{ACCEPT, CONTENT_TYPE};
use std::collections::BTreeSet;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    Anonymous,
    Founder,
    Judge,
    Committee,
    /// A sub-committee member, of another category than anything asked for.
    SubCommittee,
    Admin,
}

const EVERYONE: &[Who] = &[
    Who::Anonymous,
    Who::Founder,
    Who::Judge,
    Who::Committee,
    Who::SubCommittee,
    Who::Admin,
];
const SIGNED_IN: &[Who] = &[
    Who::Founder,
    Who::Judge,
    Who::Committee,
    Who::SubCommittee,
    Who::Admin,
];
const COMMITTEE: &[Who] = &[Who::Committee, Who::Admin];
const ADMIN: &[Who] = &[Who::Admin];
const JUDGE: &[Who] = &[Who::Judge];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Page,
    ServerFn,
    Plain,
    /// A plain route that takes a file: posted as a multipart form with a small PNG.
    Upload,
    /// A route of the JSON API v1.
    Api,
}

/// One row: a route, who may use it, what an allowed call answers, and text only they may
/// see.
struct Row {
    kind: Kind,
    path: &'static str,
    /// The route as the router knows it (pages with parameters).
    pattern: &'static str,
    fields: &'static [(&'static str, &'static str)],
    allowed: &'static [Who],
    /// The status of an allowed call; state-changing server functions are sent input that
    /// fails validation, so that passing the permission check shows as 422.
    ok: u16,
    protected: Option<&'static str>,
    /// Who sees `protected` (the allowed ones, unless a public page shows it to some).
    sees: &'static [Who],
    /// The status a caller not allowed gets.
    refusal: fn(Who) -> u16,
}

/// Not signed in: 401; signed in without the right: 403.
fn refused(who: Who) -> u16 {
    if who == Who::Anonymous { 401 } else { 403 }
}

/// An entry someone may not read looks missing (404); the committee, who reads it but may
/// not change it, is refused (403).
fn entry_refused(who: Who) -> u16 {
    match who {
        Who::Anonymous => 401,
        Who::Committee | Who::Admin => 403,
        _ => 404,
    }
}

const fn page(
    path: &'static str,
    pattern: &'static str,
    allowed: &'static [Who],
    protected: Option<&'static str>,
) -> Row {
    Row {
        kind: Kind::Page,
        path,
        pattern,
        fields: &[],
        allowed,
        ok: 200,
        protected,
        sees: allowed,
        refusal: refused,
    }
}

const fn call(
    path: &'static str,
    fields: &'static [(&'static str, &'static str)],
    allowed: &'static [Who],
    ok: u16,
    protected: Option<&'static str>,
) -> Row {
    Row {
        kind: Kind::ServerFn,
        path,
        pattern: path,
        fields,
        allowed,
        ok,
        protected,
        sees: allowed,
        refusal: refused,
    }
}

/// A route of one judge's sheet, for an entry no judge is assigned to.
const fn judge_sheet(
    kind: Kind,
    path: &'static str,
    pattern: &'static str,
    fields: &'static [(&'static str, &'static str)],
) -> Row {
    Row {
        kind,
        path,
        pattern,
        fields,
        allowed: JUDGE,
        ok: 404,
        protected: None,
        sees: JUDGE,
        refusal: refused,
    }
}

/// A download of a round for its committee only.
const fn committee_download(path: &'static str, pattern: &'static str) -> Row {
    Row {
        kind: Kind::Plain,
        path,
        pattern,
        fields: &[],
        allowed: COMMITTEE,
        ok: 200,
        protected: None,
        sees: COMMITTEE,
        refusal: refused,
    }
}

/// A route of the JSON API v1, read with whatever session the caller has and no token.
const fn api(path: &'static str, pattern: &'static str, allowed: &'static [Who], ok: u16) -> Row {
    Row {
        kind: Kind::Api,
        path,
        pattern,
        fields: &[],
        allowed,
        ok,
        protected: None,
        sees: allowed,
        refusal: no_token,
    }
}

/// The committee's API routes want a token: 401 for everyone without one.
fn no_token(_: Who) -> u16 {
    401
}

const BOGUS: &str = "0000000000000000000000000000000000000000000";
/// An id nobody has.
const NIL: &str = "00000000-0000-0000-0000-000000000000";
const FOUNDER_EMAIL: &str = "founder@example.vn";
/// Someone who asked for an account: only administrators see this email (in the users list).
const BYSTANDER: &str = "bystander@example.vn";
/// Only the committee sees the audit log.
const AUDIT_KIND: &str = "invitation.created";
/// The founder's entry (category AG), and one they withdrew.
const ENTRY: &str = "LS-2025-0001";
const WITHDRAWN: &str = "LS-2025-0002";
/// Its title: its lead, the committee and administrators read it; nobody else.
const ENTRY_TITLE: &str = "Ý tưởng chưa công bố";
/// A file of `ENTRY`, stored under this id; its content holds `ENTRY_TITLE`.
const ATTACHMENT: &str = "0193e8a0-0000-7000-8000-000000000001";
const FOUNDER: &[Who] = &[Who::Founder];
const ENTRY_READERS: &[Who] = &[Who::Founder, Who::Committee, Who::Admin];
const ENTRY_LISTERS: &[Who] = &[Who::Committee, Who::SubCommittee, Who::Admin];

fn table() -> Vec<Row> {
    vec![
        page("/", "/", EVERYONE, None),
        page("/contests", "/contests", EVERYONE, None),
        // Public, but only the committee gets the form that sets the contest up.
        Row {
            sees: COMMITTEE,
            ..page(
                "/contests/LS-2025",
                "/contests/{code}",
                EVERYONE,
                Some("category[code]"),
            )
        },
        page("/signin", "/signin", EVERYONE, None),
        page("/signup", "/signup", EVERYONE, None),
        // Without a link's token the page says the link is wrong.
        Row {
            ok: 422,
            ..page("/confirm", "/confirm", EVERYONE, None)
        },
        page("/forgot", "/forgot", EVERYONE, None),
        page("/reset", "/reset", EVERYONE, None),
        page("/invite", "/invite", EVERYONE, None),
        page("/account", "/account", SIGNED_IN, None),
        page("/admin", "/admin", ADMIN, Some(BYSTANDER)),
        page(
            "/admin/outbox",
            "/admin/outbox",
            ADMIN,
            Some("/invite?token="),
        ),
        page("/admin/audit", "/admin/audit", ADMIN, Some(AUDIT_KIND)),
        page(
            "/contests/LS-2025/audit",
            "/contests/{code}/audit",
            COMMITTEE,
            Some(AUDIT_KIND),
        ),
        Row {
            sees: FOUNDER,
            ..page("/entries", "/entries", SIGNED_IN, Some(ENTRY_TITLE))
        },
        Row {
            refusal: entry_refused,
            ..page(
                "/entries/LS-2025-0001",
                "/entries/{code}",
                ENTRY_READERS,
                Some(ENTRY_TITLE),
            )
        },
        // A sub-committee lists its own categories: not this entry's.
        Row {
            sees: COMMITTEE,
            ..page(
                "/contests/LS-2025/entries",
                "/contests/{code}/entries",
                ENTRY_LISTERS,
                Some(ENTRY_TITLE),
            )
        },
        page(
            "/contests/LS-2025/import",
            "/contests/{code}/import",
            COMMITTEE,
            None,
        ),
        page(
            "/contests/LS-2025/form",
            "/contests/{code}/form",
            COMMITTEE,
            Some("fields[0][key]"),
        ),
        // Public rules; only the committee gets the editor.
        Row {
            sees: COMMITTEE,
            ..page(
                "/contests/LS-2025/rounds",
                "/contests/{code}/rounds",
                EVERYONE,
                Some("round[rules]"),
            )
        },
        call(
            "/api/list_rounds",
            &[("code", "LS-2025")],
            EVERYONE,
            200,
            None,
        ),
        // Rules the engine refuses: 422 for anyone (nothing is read or written).
        call(
            "/api/preview_rules",
            &[("rules", "[round]")],
            EVERYONE,
            422,
            None,
        ),
        call(
            "/api/save_round",
            &[
                ("code", "LS-2025"),
                ("round[name_vi]", ""),
                ("round[name_en]", ""),
                ("round[rules]", ""),
            ],
            COMMITTEE,
            422,
            None,
        ),
        call(
            "/api/contest_rules",
            &[("code", "LS-2025")],
            EVERYONE,
            200,
            None,
        ),
        // LS-2025's submissions are open, so its rules are locked: without a reason, 422.
        call(
            "/api/unlock_rules",
            &[("code", "LS-2025"), ("reason", " ")],
            COMMITTEE,
            422,
            None,
        ),
        // Not unlocked: nothing to lock again (422).
        call(
            "/api/lock_rules",
            &[("code", "LS-2025")],
            COMMITTEE,
            422,
            None,
        ),
        call("/api/me", &[], EVERYONE, 200, None),
        // An unknown contest: the sign-in check comes first.
        call(
            "/api/start_entry",
            &[("contest", "NOPE")],
            SIGNED_IN,
            404,
            None,
        ),
        Row {
            refusal: entry_refused,
            ..call(
                "/api/get_entry",
                &[("code", ENTRY)],
                ENTRY_READERS,
                200,
                Some(ENTRY_TITLE),
            )
        },
        // A save over a version that does not exist: refused as stale (409).
        Row {
            refusal: entry_refused,
            ..call(
                "/api/save_entry",
                &[("code", ENTRY), ("version", "999"), ("entry[title]", "x")],
                FOUNDER,
                409,
                None,
            )
        },
        // Withdrawing what is already withdrawn: refused (422).
        Row {
            refusal: entry_refused,
            ..call(
                "/api/withdraw_entry",
                &[("code", WITHDRAWN)],
                FOUNDER,
                422,
                None,
            )
        },
        Row {
            sees: FOUNDER,
            ..call("/api/my_entries", &[], SIGNED_IN, 200, Some(ENTRY_TITLE))
        },
        Row {
            sees: COMMITTEE,
            ..call(
                "/api/list_entries",
                &[("contest", "LS-2025"), ("filter[q]", "")],
                ENTRY_LISTERS,
                200,
                Some(ENTRY_TITLE),
            )
        },
        call("/api/take_flash", &[], EVERYONE, 200, None),
        call("/api/list_contests", &[], EVERYONE, 200, None),
        call(
            "/api/get_contest",
            &[("code", "LS-2025")],
            EVERYONE,
            200,
            None,
        ),
        call(
            "/api/list_categories",
            &[("code", "LS-2025")],
            EVERYONE,
            200,
            None,
        ),
        call(
            "/api/sign_up",
            &[("email", "x"), ("name", "X")],
            EVERYONE,
            422,
            None,
        ),
        call(
            "/api/pending_sign_up",
            &[("token", BOGUS)],
            EVERYONE,
            422,
            None,
        ),
        call(
            "/api/finish_sign_up",
            &[("token", BOGUS), ("name", "X"), ("password", PASSWORD)],
            EVERYONE,
            422,
            None,
        ),
        call(
            "/api/sign_in",
            &[("email", "x"), ("password", "")],
            EVERYONE,
            422,
            None,
        ),
        call("/api/request_reset", &[("email", "x")], EVERYONE, 422, None),
        call(
            "/api/reset_password",
            &[("token", BOGUS), ("password", PASSWORD)],
            EVERYONE,
            422,
            None,
        ),
        call("/api/set_language", &[("lang", "vi")], EVERYONE, 200, None),
        call(
            "/api/get_invitation",
            &[("token", BOGUS)],
            EVERYONE,
            422,
            None,
        ),
        call(
            "/api/accept_invitation_new",
            &[("token", BOGUS), ("name", "X"), ("password", PASSWORD)],
            EVERYONE,
            422,
            None,
        ),
        call(
            "/api/accept_invitation",
            &[("token", BOGUS)],
            SIGNED_IN,
            422,
            None,
        ),
        call(
            "/api/change_password",
            &[("current_password", "wrong"), ("password", "x")],
            SIGNED_IN,
            422,
            None,
        ),
        call("/api/list_users", &[], ADMIN, 200, Some(BYSTANDER)),
        call(
            "/api/list_members",
            &[("code", "LS-2025")],
            COMMITTEE,
            200,
            Some("judge@example.vn"),
        ),
        call("/api/list_outbox", &[], ADMIN, 200, Some("/invite?token=")),
        call(
            "/api/list_audit",
            &[("filter[contest]", "LS-2025")],
            COMMITTEE,
            200,
            Some(AUDIT_KIND),
        ),
        call(
            "/api/create_contest",
            &[
                ("contest[code]", "?"),
                ("contest[name_vi]", ""),
                ("contest[name_en]", ""),
                ("contest[description_vi]", ""),
                ("contest[description_en]", ""),
                ("contest[time_zone]", "Asia/Ho_Chi_Minh"),
            ],
            ADMIN,
            422,
            None,
        ),
        call(
            "/api/update_contest",
            &[
                ("code", "LS-2025"),
                ("settings[name_vi]", ""),
                ("settings[name_en]", ""),
                ("settings[description_vi]", ""),
                ("settings[description_en]", ""),
                ("settings[time_zone]", "Hà Nội"),
            ],
            COMMITTEE,
            422,
            None,
        ),
        call(
            "/api/add_category",
            &[
                ("code", "LS-2025"),
                ("category[code]", "?"),
                ("category[name_vi]", ""),
                ("category[name_en]", ""),
            ],
            COMMITTEE,
            422,
            None,
        ),
        // The contest id is filled in when the table is run.
        call(
            "/api/invite",
            &[("email", "not an email"), ("role", "judge")],
            COMMITTEE,
            422,
            None,
        ),
        // A sub-committee downloads its own categories: not this entry's.
        Row {
            kind: Kind::Plain,
            path: "/contests/LS-2025/entries.csv",
            pattern: "/contests/{code}/entries.csv",
            fields: &[],
            allowed: ENTRY_LISTERS,
            ok: 200,
            protected: Some(ENTRY_TITLE),
            sees: COMMITTEE,
            refusal: refused,
        },
        // A PNG where the contest takes PDF files: the lead is refused by its kind (422).
        Row {
            kind: Kind::Upload,
            path: "/entries/LS-2025-0001/attachments",
            pattern: "/entries/{code}/attachments",
            fields: &[],
            allowed: FOUNDER,
            ok: 422,
            protected: None,
            sees: FOUNDER,
            refusal: entry_refused,
        },
        Row {
            kind: Kind::Plain,
            path: "/entries/LS-2025-0001/attachments/0193e8a0-0000-7000-8000-000000000001",
            pattern: "/entries/{code}/attachments/{id}",
            fields: &[],
            allowed: &[Who::Founder, Who::Committee, Who::Admin],
            ok: 200,
            protected: Some(ENTRY_TITLE),
            sees: &[Who::Founder, Who::Committee, Who::Admin],
            refusal: |who| if who == Who::Anonymous { 401 } else { 404 },
        },
        // Criteria whose points are not numbers: refused (422) once the committee is let in.
        call(
            "/api/save_rubric",
            &[
                ("code", "LS-2025"),
                ("position", "1"),
                ("criteria[0][key]", "a"),
                ("criteria[0][max_points]", "mười"),
            ],
            COMMITTEE,
            422,
            None,
        ),
        // A rename to nothing: refused (422) once the committee is let in.
        call(
            "/api/change_category",
            &[
                ("code", "LS-2025"),
                ("category", "AG"),
                ("action", "rename"),
                ("name_vi", ""),
            ],
            COMMITTEE,
            422,
            None,
        ),
        // Rules that do not parse: refused (422) once the committee is let in.
        call(
            "/api/set_eligibility",
            &[("code", "LS-2025"), ("rules[age_min]", "không")],
            COMMITTEE,
            422,
            None,
        ),
        // A decision without a reason: refused (422) once the committee is let in; the lead
        // is refused (403); whoever may not read the entry finds nothing (404).
        Row {
            refusal: |who| match who {
                Who::Anonymous => 401,
                Who::Founder => 403,
                _ => 404,
            },
            ..call(
                "/api/decide_entry",
                &[("code", ENTRY), ("decision", "eligible"), ("reason", "")],
                COMMITTEE,
                422,
                None,
            )
        },
        // A dry run of a file without the columns it needs: a report (200), not an import.
        call(
            "/api/import_entries",
            &[("contest", "LS-2025"), ("csv", "x,y\n1,2\n")],
            COMMITTEE,
            200,
            None,
        ),
        call(
            "/api/import_allowed",
            &[("contest", "LS-2025")],
            COMMITTEE,
            200,
            None,
        ),
        call(
            "/api/contest_for_setup",
            &[("code", "LS-2025")],
            COMMITTEE,
            200,
            None,
        ),
        // A question with a key the core form uses: refused (422) once the committee is let in.
        call(
            "/api/set_entry_form",
            &[
                ("code", "LS-2025"),
                ("fields[0][key]", "title"),
                ("fields[0][kind]", "text"),
                ("fields[0][label_vi]", "Tên"),
            ],
            COMMITTEE,
            422,
            None,
        ),
        // A judging window closing before it opens: refused (422) once the committee is let in.
        call(
            "/api/set_judging_window",
            &[
                ("code", "LS-2025"),
                ("position", "1"),
                ("judging_open", "2027-02-10T08:00"),
                ("judging_close", "2027-02-01T08:00"),
            ],
            COMMITTEE,
            422,
            None,
        ),
        page(
            "/contests/LS-2025/judges",
            "/contests/{code}/judges",
            COMMITTEE,
            Some("profile[max_load]"),
        ),
        page(
            "/contests/LS-2025/conflicts",
            "/contests/{code}/conflicts",
            COMMITTEE,
            None,
        ),
        page(
            "/contests/LS-2025/rounds/1/assignment",
            "/contests/{code}/rounds/{position}/assignment",
            COMMITTEE,
            Some("judges[0]"),
        ),
        // Only the contest's judges, not even an administrator.
        page("/judging", "/judging", JUDGE, None),
        page(
            "/judging/LS-2025/conflicts",
            "/judging/{code}/conflicts",
            JUDGE,
            None,
        ),
        call(
            "/api/jury",
            &[("code", "LS-2025")],
            COMMITTEE,
            200,
            Some("judge@example.vn"),
        ),
        // A maximum load of 0: refused (422) once the committee is let in.
        call(
            "/api/save_judge_profile",
            &[
                ("code", "LS-2025"),
                ("judge", NIL),
                ("profile[max_load]", "0"),
            ],
            COMMITTEE,
            422,
            None,
        ),
        // Someone who is not a judge of the contest: refused (422).
        call(
            "/api/set_round_judges",
            &[("code", "LS-2025"), ("position", "1"), ("judges[0]", NIL)],
            COMMITTEE,
            422,
            None,
        ),
        call(
            "/api/round_assignment",
            &[("code", "LS-2025"), ("position", "1")],
            COMMITTEE,
            200,
            None,
        ),
        // No judge is chosen for the round yet: refused (422), for the preview and applying.
        call(
            "/api/preview_assignment",
            &[("code", "LS-2025"), ("position", "1"), ("mode", "fill")],
            COMMITTEE,
            422,
            None,
        ),
        call(
            "/api/apply_assignment",
            &[
                ("code", "LS-2025"),
                ("position", "1"),
                ("mode", "fill"),
                ("fingerprint", "x"),
            ],
            COMMITTEE,
            422,
            None,
        ),
        // An entry that is not in the round: refused (422).
        call(
            "/api/change_assignment",
            &[
                ("code", "LS-2025"),
                ("position", "1"),
                ("entry", "NOPE"),
                ("add", NIL),
            ],
            COMMITTEE,
            422,
            None,
        ),
        call(
            "/api/contest_conflicts",
            &[("code", "LS-2025")],
            COMMITTEE,
            200,
            None,
        ),
        // Lifting without a reason: refused (422).
        call(
            "/api/record_conflict",
            &[
                ("code", "LS-2025"),
                ("judge", NIL),
                ("entry", ENTRY),
                ("action", "lift"),
                ("reason", " "),
            ],
            COMMITTEE,
            422,
            None,
        ),
        call("/api/judge_workspace", &[], JUDGE, 200, None),
        call(
            "/api/my_conflicts",
            &[("code", "LS-2025")],
            JUDGE,
            200,
            None,
        ),
        // A draft is not an entry a conflict can concern: refused (422).
        call(
            "/api/declare_conflict",
            &[("code", "LS-2025"), ("entry", ENTRY)],
            JUDGE,
            422,
            None,
        ),
        // A sheet: the policy lets only the contest's judges past, and then an entry not
        // assigned to them is missing (404), as is every file of it.
        judge_sheet(
            Kind::Page,
            "/judging/LS-2025/rounds/1/LS-2025-0001",
            "/judging/{code}/rounds/{position}/{entry}",
            &[],
        ),
        judge_sheet(
            Kind::ServerFn,
            "/api/get_sheet",
            "/api/get_sheet",
            &[("code", "LS-2025"), ("position", "1"), ("entry", ENTRY)],
        ),
        judge_sheet(
            Kind::ServerFn,
            "/api/save_sheet",
            "/api/save_sheet",
            &[
                ("code", "LS-2025"),
                ("position", "1"),
                ("entry", ENTRY),
                ("version", "0"),
                ("sheet[scores][idea]", "5"),
            ],
        ),
        judge_sheet(
            Kind::Plain,
            "/judging/LS-2025/rounds/1/LS-2025-0001/files/0193e8a0-0000-7000-8000-000000000001",
            "/judging/{code}/rounds/{position}/{entry}/files/{id}",
            &[],
        ),
        page(
            "/contests/LS-2025/rounds/1/entries/LS-2025-0001",
            "/contests/{code}/rounds/{position}/entries/{entry}",
            COMMITTEE,
            Some(ENTRY_TITLE),
        ),
        call(
            "/api/sheets_of_entry",
            &[("code", "LS-2025"), ("position", "1"), ("entry", ENTRY)],
            COMMITTEE,
            200,
            Some(ENTRY_TITLE),
        ),
        page(
            "/contests/LS-2025/rounds/1/progress",
            "/contests/{code}/rounds/{position}/progress",
            COMMITTEE,
            None,
        ),
        call(
            "/api/round_progress",
            &[("code", "LS-2025"), ("position", "1")],
            COMMITTEE,
            200,
            None,
        ),
        // Nobody is assigned yet, so nobody is late: refused (422).
        call(
            "/api/send_reminders",
            &[("code", "LS-2025"), ("position", "1")],
            COMMITTEE,
            422,
            None,
        ),
        page(
            "/contests/LS-2025/rounds/1/discrepancies",
            "/contests/{code}/rounds/{position}/discrepancies",
            COMMITTEE,
            None,
        ),
        call(
            "/api/discrepancy_queue",
            &[("code", "LS-2025"), ("position", "1")],
            COMMITTEE,
            200,
            None,
        ),
        // Accepting without a note: refused (422).
        call(
            "/api/accept_discrepancy",
            &[
                ("code", "LS-2025"),
                ("position", "1"),
                ("entry", ENTRY),
                ("note", " "),
            ],
            COMMITTEE,
            422,
            None,
        ),
        // The round flags nothing: refused (422).
        call(
            "/api/add_discrepancy_judge",
            &[
                ("code", "LS-2025"),
                ("position", "1"),
                ("entry", ENTRY),
                ("judge", NIL),
            ],
            COMMITTEE,
            422,
            None,
        ),
        // Reopening without a reason: refused (422).
        call(
            "/api/reopen_sheet",
            &[
                ("code", "LS-2025"),
                ("position", "1"),
                ("entry", ENTRY),
                ("judge", NIL),
                ("reason", " "),
            ],
            COMMITTEE,
            422,
            None,
        ),
        committee_download(
            "/contests/LS-2025/rounds/1/assignments.csv",
            "/contests/{code}/rounds/{position}/assignments.csv",
        ),
        page(
            "/contests/LS-2025/rounds/1/ranking",
            "/contests/{code}/rounds/{position}/ranking",
            COMMITTEE,
            None,
        ),
        call(
            "/api/round_ranking",
            &[("code", "LS-2025"), ("position", "1")],
            COMMITTEE,
            200,
            None,
        ),
        // A digest that is not the round's: refused as changed since (409).
        call(
            "/api/finalise_round",
            &[("code", "LS-2025"), ("position", "1"), ("digest", "0")],
            COMMITTEE,
            409,
            None,
        ),
        // A decision without a reason: refused (422).
        call(
            "/api/decide_advancement",
            &[
                ("code", "LS-2025"),
                ("position", "1"),
                ("entry", ENTRY),
                ("choice", "add"),
                ("reason", " "),
            ],
            COMMITTEE,
            422,
            None,
        ),
        // A prize choice without a reason: refused (422).
        call(
            "/api/choose_prize",
            &[
                ("code", "LS-2025"),
                ("position", "1"),
                ("entry", ENTRY),
                ("prize", "1"),
                ("reason", " "),
            ],
            COMMITTEE,
            422,
            None,
        ),
        // Reopening without a reason: refused (422).
        call(
            "/api/reopen_round",
            &[("code", "LS-2025"), ("position", "1"), ("reason", " ")],
            COMMITTEE,
            422,
            None,
        ),
        Row {
            kind: Kind::Plain,
            path: "/contests/LS-2025/audit.csv",
            pattern: "/contests/{code}/audit.csv",
            fields: &[],
            allowed: COMMITTEE,
            ok: 200,
            protected: Some(AUDIT_KIND),
            sees: COMMITTEE,
            refusal: refused,
        },
        committee_download(
            "/contests/LS-2025/judges.csv",
            "/contests/{code}/judges.csv",
        ),
        committee_download(
            "/contests/LS-2025/rounds/1/results.csv",
            "/contests/{code}/rounds/{position}/results.csv",
        ),
        committee_download(
            "/contests/LS-2025/rounds/1/sheets.csv",
            "/contests/{code}/rounds/{position}/sheets.csv",
        ),
        committee_download(
            "/contests/LS-2025/rounds/1/entries.csv",
            "/contests/{code}/rounds/{position}/entries.csv",
        ),
        committee_download(
            "/contests/LS-2025/rounds/1/round.toml",
            "/contests/{code}/rounds/{position}/round.toml",
        ),
        // Publication: the public page and its data answer everyone, and before anything is
        // published say nothing (the round here is open); the published files are not found
        // by anyone until the committee publishes them.
        page(
            "/contests/LS-2025/results",
            "/contests/{code}/results",
            EVERYONE,
            None,
        ),
        call(
            "/api/public_results",
            &[("code", "LS-2025")],
            EVERYONE,
            200,
            None,
        ),
        Row {
            kind: Kind::Plain,
            path: "/contests/LS-2025/rounds/1/published/sheets.csv",
            pattern: "/contests/{code}/rounds/{position}/published/{file}",
            fields: &[],
            allowed: EVERYONE,
            ok: 404,
            protected: None,
            sees: EVERYONE,
            refusal: refused,
        },
        // Publishing an open round: refused (422).
        call(
            "/api/publish_round",
            &[
                ("code", "LS-2025"),
                ("position", "1"),
                ("show_scores", "on"),
            ],
            COMMITTEE,
            422,
            None,
        ),
        // Taking back without a reason: refused (422).
        call(
            "/api/unpublish_round",
            &[("code", "LS-2025"), ("position", "1"), ("reason", " ")],
            COMMITTEE,
            422,
            None,
        ),
        // An entry's published results: whoever reads the entry (none published yet).
        Row {
            refusal: entry_refused,
            ..call(
                "/api/entry_results",
                &[("code", ENTRY)],
                ENTRY_READERS,
                200,
                None,
            )
        },
        page(
            "/contests/LS-2025/rounds/1/score-table",
            "/contests/{code}/rounds/{position}/score-table",
            COMMITTEE,
            None,
        ),
        call(
            "/api/score_table",
            &[("code", "LS-2025"), ("position", "1")],
            COMMITTEE,
            200,
            None,
        ),
        page(
            "/contests/LS-2025/certificates",
            "/contests/{code}/certificates",
            COMMITTEE,
            None,
        ),
        call(
            "/api/certificates",
            &[("code", "LS-2025")],
            COMMITTEE,
            200,
            None,
        ),
        // The contest's API tokens: its full committee only.
        page(
            "/contests/LS-2025/api",
            "/contests/{code}/api",
            COMMITTEE,
            None,
        ),
        call(
            "/api/api_tokens",
            &[("code", "LS-2025")],
            COMMITTEE,
            200,
            None,
        ),
        // A token without a name: refused (422).
        call(
            "/api/create_api_token",
            &[("code", "LS-2025"), ("label", " ")],
            COMMITTEE,
            422,
            None,
        ),
        // Revoking a token nobody made: not found.
        call(
            "/api/revoke_api_token",
            &[("code", "LS-2025"), ("id", NIL)],
            COMMITTEE,
            404,
            None,
        ),
        // A dry run of a file without an email column: a report (200), nobody invited.
        call(
            "/api/import_judges",
            &[("code", "LS-2025"), ("csv", "x,y\n1,2\n")],
            COMMITTEE,
            200,
            None,
        ),
        // A dry run of a file without its columns: a report (200), nothing added.
        call(
            "/api/import_assignment",
            &[
                ("code", "LS-2025"),
                ("position", "1"),
                ("csv", "x,y\n1,2\n"),
            ],
            COMMITTEE,
            200,
            None,
        ),
        // Only this browser's own report, if any: nothing to protect.
        call("/api/last_import", &[], EVERYONE, 200, None),
        // Removing a file from a withdrawn entry: refused (422).
        Row {
            refusal: entry_refused,
            ..call(
                "/api/remove_attachment",
                &[("code", WITHDRAWN), ("attachment", ATTACHMENT)],
                FOUNDER,
                422,
                None,
            )
        },
        // Last: it ends the caller's session.
        call("/api/sign_out", &[], EVERYONE, 200, None),
        Row {
            kind: Kind::Plain,
            path: "/healthz",
            pattern: "/healthz",
            fields: &[],
            allowed: EVERYONE,
            ok: 200,
            protected: None,
            sees: EVERYONE,
            refusal: refused,
        },
        // The JSON API v1: published results for anyone (nothing is published here: the
        // round's entries are not found), the committee's reads with a token only. A session
        // is no token: signed in or not, everyone gets 401 there.
        api(
            "/api/v1/openapi.json",
            "/api/v1/openapi.json",
            EVERYONE,
            200,
        ),
        api("/api/v1/contests", "/api/v1/contests", EVERYONE, 200),
        api(
            "/api/v1/contests/LS-2025/results",
            "/api/v1/contests/{code}/results",
            EVERYONE,
            200,
        ),
        api(
            "/api/v1/contests/LS-2025/rounds/1/entries",
            "/api/v1/contests/{code}/rounds/{position}/entries",
            EVERYONE,
            404,
        ),
        api(
            "/api/v1/contests/LS-2025/rounds/1/ranking",
            "/api/v1/contests/{code}/rounds/{position}/ranking",
            &[],
            200,
        ),
        api(
            "/api/v1/contests/LS-2025/rounds/1/results.csv",
            "/api/v1/contests/{code}/rounds/{position}/results.csv",
            &[],
            200,
        ),
        api(
            "/api/v1/contests/LS-2025/rounds/1/sheets.csv",
            "/api/v1/contests/{code}/rounds/{position}/sheets.csv",
            &[],
            200,
        ),
        api(
            "/api/v1/contests/LS-2025/rounds/1/entries.csv",
            "/api/v1/contests/{code}/rounds/{position}/entries.csv",
            &[],
            200,
        ),
        api(
            "/api/v1/contests/LS-2025/rounds/1/round.toml",
            "/api/v1/contests/{code}/rounds/{position}/round.toml",
            &[],
            200,
        ),
        api(
            "/api/v1/contests/LS-2025/rounds/1/assignments.csv",
            "/api/v1/contests/{code}/rounds/{position}/assignments.csv",
            &[],
            200,
        ),
        Row {
            protected: Some(ENTRY_TITLE),
            sees: &[],
            ..api(
                "/api/v1/contests/LS-2025/entries.csv",
                "/api/v1/contests/{code}/entries.csv",
                &[],
                200,
            )
        },
        api(
            "/api/v1/contests/LS-2025/judges.csv",
            "/api/v1/contests/{code}/judges.csv",
            &[],
            200,
        ),
        Row {
            protected: Some(AUDIT_KIND),
            sees: &[],
            ..api(
                "/api/v1/contests/LS-2025/audit.csv",
                "/api/v1/contests/{code}/audit.csv",
                &[],
                200,
            )
        },
        Row {
            kind: Kind::Plain,
            path: "/favicon.svg",
            pattern: "/favicon.svg",
            fields: &[],
            allowed: EVERYONE,
            ok: 200,
            protected: None,
            sees: EVERYONE,
            refusal: refused,
        },
    ]
}

#[tokio::test]
async fn the_table_lists_every_page_server_function_and_plain_route() {
    let rows = table();
    let listed = |kind: Kind| -> BTreeSet<String> {
        rows.iter()
            .filter(|r| r.kind == kind || (kind == Kind::Plain && r.kind == Kind::Upload))
            .map(|r| r.pattern.to_owned())
            .collect()
    };
    let server_fns: BTreeSet<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.to_owned())
        .collect();
    assert_eq!(listed(Kind::ServerFn), server_fns, "server functions");
    let pages: BTreeSet<String> = leptos_axum::generate_route_list(app::app::App)
        .iter()
        .map(|r| r.path().to_owned())
        .collect();
    assert_eq!(listed(Kind::Page), pages, "pages");
    let plain: BTreeSet<String> = server::routes::PLAIN_ROUTES
        .iter()
        .map(|p| (*p).to_owned())
        .collect();
    assert_eq!(listed(Kind::Plain), plain, "plain routes");
    let api: BTreeSet<String> = server::api_v1::router()
        .1
        .paths
        .paths
        .keys()
        .cloned()
        .collect();
    assert_eq!(listed(Kind::Api), api, "JSON API routes");
}

/// One person in each role of contest LS-2025 (categories AG and IT; the sub-committee
/// member has IT), signed in on a client each.
async fn cast(app: &TestApp) -> (Vec<(Who, Client)>, uuid::Uuid) {
    let db = app.db().await;
    let admin = admin_actor(app).await;
    let contest = contests::create(&db, &admin, new_contest("LS-2025"))
        .await
        .unwrap();
    for (code, name) in [("AG", "Nông nghiệp"), ("IT", "Công nghệ")] {
        contests::add_category(
            &db,
            &admin,
            "LS-2025",
            app::model::NewCategory {
                code: code.into(),
                name_vi: name.into(),
                name_en: code.into(),
            },
        )
        .await
        .unwrap();
    }
    for (email, role, categories) in [
        ("judge@example.vn", "judge", ""),
        ("committee@example.vn", "committee", ""),
        ("sub@example.vn", "sub_committee", "IT"),
    ] {
        let link = invitations::invite(
            &db,
            &admin,
            invitations::NewInvitation {
                contest_id: contest.id,
                email,
                role,
                categories,
                name: "",
                organisation: "",
                max_load: "",
                lang: Lang::Vi,
            },
            &app.address,
        )
        .await
        .unwrap();
        let token = link.split("token=").nth(1).unwrap();
        invitations::accept_with_new_account(&db, token, "Người dùng", PASSWORD, Lang::Vi)
            .await
            .unwrap();
    }
    app.sign_up(FOUNDER_EMAIL, "Người dự thi").await;
    // Round 1, added before submissions open (and lock the rules).
    app::ssr::services::rounds::add(
        &db,
        &admin,
        "LS-2025",
        app::model::NewRound {
            name_vi: "Vòng sơ khảo".into(),
            name_en: "Preliminary round".into(),
            rules: "[round]\njudges_per_entry = 2\n\n[[criteria]]\nkey = \"idea\"\nname = { vi = \"Ý tưởng\", en = \"Idea\" }\nmax_points = 10\n".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    founder_entries(app, &admin, contest.id).await;
    app.ask_for_account(BYSTANDER, "Người qua đường").await;
    let mut cast = vec![(Who::Anonymous, client())];
    for (who, email) in [
        (Who::Founder, FOUNDER_EMAIL),
        (Who::Judge, "judge@example.vn"),
        (Who::Committee, "committee@example.vn"),
        (Who::SubCommittee, "sub@example.vn"),
        (Who::Admin, ADMIN_EMAIL),
    ] {
        cast.push((who, signed_in(app, email).await));
    }
    (cast, contest.id)
}

/// Opens LS-2025 for entries; the founder starts `ENTRY` (titled, in AG, with a file) and
/// `WITHDRAWN`.
async fn founder_entries(app: &TestApp, admin: &app::ssr::actor::Actor, contest: uuid::Uuid) {
    use app::ssr::services::{attachments, entries};
    let db = app.db().await;
    open_for_entries(app, admin, "LS-2025").await;
    let founder = actor_of(app, FOUNDER_EMAIL).await;
    assert_eq!(
        entries::start(&db, &founder, "LS-2025").await.unwrap(),
        ENTRY
    );
    let fields = app::model::EntryFields {
        title: ENTRY_TITLE.into(),
        category: "AG".into(),
        ..Default::default()
    };
    entries::save(&db, &founder, ENTRY, 1, fields, false)
        .await
        .unwrap();
    // A file of the entry, stored as an upload stores it.
    let id = uuid::Uuid::parse_str(ATTACHMENT).unwrap();
    let content = format!("%PDF-1.7\n% {ENTRY_TITLE}\n");
    let path = attachments::file_path(&app.data.data_dir, contest, id);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, &content).unwrap();
    let upload = attachments::Upload {
        id,
        name: "ho-so.pdf".into(),
        kind: app::model::AttachmentKind::Pdf,
        size: content.len() as u64,
        sha256: String::new(),
        field: String::new(),
    };
    attachments::record(&db, &founder, ENTRY, upload)
        .await
        .unwrap();
    assert_eq!(
        entries::start(&db, &founder, "LS-2025").await.unwrap(),
        WITHDRAWN
    );
    entries::withdraw(&db, &founder, WITHDRAWN).await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn every_route_answers_each_kind_of_user_as_the_table_says() {
    on_each_backend(|app| async move {
        let (cast, contest_id) = cast(&app).await;
        let contest_id = contest_id.to_string();
        let mut wrong = Vec::new();
        for row in table() {
            for (who, c) in &cast {
                let mut fields: Vec<(&str, &str)> = row.fields.to_vec();
                if row.path == "/api/invite" {
                    fields.push(("contest_id", &contest_id));
                }
                let res = match row.kind {
                    Kind::Page | Kind::Plain | Kind::Api => {
                        c.get(app.url(row.path)).send().await.unwrap()
                    }
                    Kind::Upload => {
                        let png = reqwest::multipart::Part::bytes(
                            b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec(),
                        )
                        .file_name("anh.png");
                        c.post(app.url(row.path))
                            .header(ACCEPT, "application/json")
                            .header("sec-fetch-site", "same-origin")
                            .multipart(reqwest::multipart::Form::new().part("file", png))
                            .send()
                            .await
                            .unwrap()
                    }
                    Kind::ServerFn => c
                        .post(app.url(row.path))
                        .header(ACCEPT, "application/json")
                        .header("sec-fetch-site", "same-origin")
                        .header("x-forwarded-for", address_for(&format!("{who:?}")))
                        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
                        .body(
                            fields
                                .iter()
                                .map(|(k, v)| format!("{}={}", urlencode(k), urlencode(v)))
                                .collect::<Vec<_>>()
                                .join("&"),
                        )
                        .send()
                        .await
                        .unwrap(),
                };
                let status = res.status().as_u16();
                let body = res.text().await.unwrap();
                let allowed = row.allowed.contains(who);
                let expected = if allowed { row.ok } else { (row.refusal)(*who) };
                if status != expected {
                    wrong.push(format!(
                        "{} as {who:?}: {status}, expected {expected}",
                        row.path
                    ));
                }
                if let Some(secret) = row.protected {
                    let sees = row.sees.contains(who);
                    if !sees && body.contains(secret) {
                        wrong.push(format!("{} as {who:?} shows {secret:?}", row.path));
                    }
                    if sees && !body.contains(secret) {
                        wrong.push(format!("{} as {who:?} lacks {secret:?}", row.path));
                    }
                }
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
        app
    })
    .await;
}
