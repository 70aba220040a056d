//! Demo data: a realistic provincial contest, so that a newcomer sees every screen after one
//! command (`jurydesk demo`), and a large one for benchmarks (`jurydesk demo --entries N`).
//!
//! The people who sign in (an administrator, a committee member, a sub-committee member, a
//! judge, a founder) and the first 60 entries are made through the use cases, exactly as the
//! web pages make them (so the audit log, versions and codes are real). Entries beyond those,
//! for benchmarks, are written in batches straight into the table: thousands of founders each
//! hashing a password would take an hour, so they share one hash, and their entries are not in
//! the audit log.

use super::contest_file::{self, Template};
use super::contests;
use super::entries::{self, search_text};
use super::invitations::{self, NewInvitation};
use super::{accounts, fold};
use crate::domain::Lang;
use crate::model::{
    ContestSettings, EligibilityForm, EntryFields, EntryStatus, MemberFields, NewContest, Role,
    Stage,
};
use crate::ssr::actor::{self, Actor};
use crate::ssr::db::begin_write;
use crate::ssr::entities::{contest, entry, user};
use crate::ssr::messages::{ServiceError, ServiceResult};
use crate::ssr::{password, tokens};
use chrono::{Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter,
};
use uuid::Uuid;

pub const CONTEST: &str = "LS25";
/// Entries made through the use cases.
pub const STORY_ENTRIES: u64 = 60;
/// The judge who signs in and the eight of `JURY`.
pub const STORY_JUDGES: u64 = 9;
const TIME_ZONE: &str = "Asia/Ho_Chi_Minh";
/// Rows per insert in the batched path.
const BATCH: usize = 500;

/// Someone to sign in as.
#[derive(Debug, Clone)]
pub struct DemoAccount {
    /// `admin`, or a `Role` code, or `founder`.
    pub role: &'static str,
    pub email: String,
    pub name: String,
}

/// How large a demo to make.
#[derive(Debug, Clone, Copy)]
pub struct Size {
    /// Entries, at least `STORY_ENTRIES`; more are written in batches.
    pub entries: u64,
    /// Judges, at least `STORY_JUDGES`; more are written in batches.
    pub judges: u64,
}

impl Default for Size {
    fn default() -> Self {
        Size {
            entries: STORY_ENTRIES,
            judges: STORY_JUDGES,
        }
    }
}

/// How long the screening round's assignment took, from the database to the plan and back.
#[derive(Debug, Clone, Copy)]
pub struct AssignmentTiming {
    pub preview: std::time::Duration,
    pub apply: std::time::Duration,
    pub assignments: u32,
    /// Sheets written, submitted or in draft, and how long that took.
    pub sheets: u64,
    pub scoring: std::time::Duration,
}

/// What `fill` made.
#[derive(Debug, Clone)]
pub struct Demo {
    pub contest: String,
    pub entries: u64,
    pub judges: u64,
    pub assignment: AssignmentTiming,
    /// One password for every demo account, made for this run.
    pub password: String,
    pub accounts: Vec<DemoAccount>,
}

const FAMILY: [&str; 16] = [
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô", "Dương", "Lý",
];
const MIDDLE: [&str; 10] = [
    "Văn", "Thị", "Đức", "Minh", "Thu", "Quốc", "Ngọc", "Hữu", "Thanh", "Gia",
];
const GIVEN: [&str; 31] = [
    "An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hoa", "Hùng", "Hương",
    "Khánh", "Lan", "Linh", "Long", "Mai", "Minh", "Nam", "Ngân", "Nhung", "Phong", "Phương",
    "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Vy", "Yến",
];
const PLACES: [&str; 10] = [
    "Văn Quan",
    "Cao Lộc",
    "Bắc Sơn",
    "Lộc Bình",
    "Tràng Định",
    "Chi Lăng",
    "Hữu Lũng",
    "Đình Lập",
    "Bình Gia",
    "Văn Lãng",
];
/// The provincial template's categories with the ideas founders bring to them.
const CATEGORIES: [(&str, &str, &str, [&str; 4]); 4] = [
    (
        "NN",
        "Nông nghiệp công nghệ cao",
        "High-tech agriculture",
        [
            "Máy sấy nông sản dùng năng lượng mặt trời",
            "Hồi hữu cơ truy xuất nguồn gốc bằng mã QR",
            "Vườn na tưới nhỏ giọt thông minh",
            "Phân bón vi sinh từ phụ phẩm nông nghiệp",
        ],
    ),
    (
        "DL",
        "Du lịch – dịch vụ",
        "Tourism and services",
        [
            "Homestay cộng đồng bản Tày",
            "Bản đồ du lịch số xứ Lạng",
            "Tour trải nghiệm chợ phiên biên giới",
            "Ứng dụng đặt xe du lịch liên huyện",
        ],
    ),
    (
        "CN",
        "Công nghệ số",
        "Digital technology",
        [
            "Nền tảng học lập trình cho học sinh vùng cao",
            "Ứng dụng đặt lịch khám bệnh tuyến huyện",
            "Cảnh báo sạt lở đất bằng cảm biến giá rẻ",
            "Sàn thương mại điện tử đặc sản xứ Lạng",
        ],
    ),
    (
        "XH",
        "Khởi nghiệp xã hội",
        "Social entrepreneurship",
        [
            "Trà hoa vàng do phụ nữ dân tộc Dao làm chủ",
            "Bếp ăn bán trú cho học sinh vùng cao",
            "Lớp nghề may cho phụ nữ dân tộc thiểu số",
            "Thư viện lưu động cho trẻ em bản xa",
        ],
    ),
];

/// The `i`-th Vietnamese name (varied, repeatable).
pub fn person_name(i: usize) -> String {
    format!(
        "{} {} {}",
        FAMILY[i % FAMILY.len()],
        MIDDLE[(i / 3) % MIDDLE.len()],
        GIVEN[(i * 7) % GIVEN.len()]
    )
}

/// The `i`-th idea: its category code and its fields.
pub(super) fn idea(i: usize) -> (&'static str, EntryFields) {
    let (code, _, _, subjects) = CATEGORIES[i % CATEGORIES.len()];
    let subject = subjects[(i / CATEGORIES.len()) % subjects.len()];
    let place = PLACES[(i * 3) % PLACES.len()];
    let title = format!("{subject} – {place}");
    let stage = Stage::ALL[i % Stage::ALL.len()];
    let fields = EntryFields {
        title: title.clone(),
        category: code.to_owned(),
        summary: format!(
            "{subject} cho người dân huyện {place}, do một nhóm khởi nghiệp địa phương phát triển."
        ),
        problem: format!(
            "Ở {place}, người dân và doanh nghiệp nhỏ còn thiếu giải pháp: chi phí cao, phụ thuộc thương lái, ít thông tin thị trường."
        ),
        solution: format!(
            "{subject}: làm thử trong 6 tháng với 3 hợp tác xã, chi phí thấp, dễ nhân rộng."
        ),
        market: format!(
            "Khoảng {} hộ và 12 hợp tác xã trong huyện; mở rộng ra các tỉnh miền núi phía Bắc.",
            800 + i * 37
        ),
        business_model:
            "Bán trực tiếp và qua sàn thương mại điện tử; phí dịch vụ hằng tháng cho hợp tác xã."
                .to_owned(),
        stage: stage.code().to_owned(),
        // Mostly eligible under the demo's rules (18 to 35, from Lạng Sơn): some too old,
        // some from elsewhere, some who have not said.
        birth_date: format!("{}-{:02}-{:02}", 1986 + i % 20, 1 + i % 12, 1 + i % 28),
        province: match i % 11 {
            3 => "Cao Bằng".to_owned(),
            7 => String::new(),
            _ => "Lạng Sơn".to_owned(),
        },
        founded: if i.is_multiple_of(4) {
            format!("{}-03-01", 2019 + i % 6)
        } else {
            String::new()
        },
        // A teammate; every third one is another demo founder, who then reads the entry too.
        members: vec![MemberFields {
            name: person_name(i + 200),
            email: if i.is_multiple_of(3) {
                demo_email("founder", (i + 1) % 40 + 1)
            } else {
                String::new()
            },
            organisation: format!("Hợp tác xã {place}"),
            role: "Kỹ thuật".to_owned(),
        }],
        // The provincial template's own questions.
        answers: [
            (
                "innovation",
                format!("Lần đầu tiên ở {place}: {subject} dùng dữ liệu của chính hợp tác xã."),
            ),
            (
                "support",
                ["Vốn đầu tư", "Cố vấn, huấn luyện", "Kết nối thị trường"][..1 + i % 3].join("\n"),
            ),
            ("staff", (2 + i % 9).to_string()),
            ("commitment", "yes".to_owned()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect(),
        picks: Default::default(),
    };
    (code, fields)
}

/// Judges get a domain of their own: sharing the founders' one (not a public mail provider)
/// would put every judge in conflict with every team listing a founder's address.
fn demo_email(role: &str, i: usize) -> String {
    if role == "judge" {
        format!("{role}{i}@jury.demo.jurydesk.vn")
    } else {
        format!("{role}{i}@demo.jurydesk.vn")
    }
}

/// `YYYY-MM-DDTHH:MM` in Vietnam's time (UTC+7 all year), `days` from now.
fn vietnam_time(days: i64) -> String {
    (Utc::now() + Duration::days(days) + Duration::hours(7))
        .format("%Y-%m-%dT%H:%M")
        .to_string()
}

/// A password for this run's demo accounts: random, long, and shown once.
fn demo_password() -> String {
    format!("demo-{}", &tokens::new_token()[..12])
}

/// Fills `db` with the demo contest and `entries` entries (at least `STORY_ENTRIES`). Refused
/// when the database already has the demo contest.
pub async fn fill(
    db: &DatabaseConnection,
    size: Size,
    public_url: &str,
    data_dir: &std::path::Path,
) -> ServiceResult<Demo> {
    let pass = demo_password();
    let system = Actor::System;
    let (admin_user, _) = accounts::create_admin(
        db,
        &system,
        accounts::NewAccount {
            email: &demo_email("admin", 1),
            name: "Quản trị viên Demo",
            password: &pass,
            lang: Lang::Vi,
        },
    )
    .await?;
    let admin = actor::load(db, admin_user.clone()).await?;
    // The demo contest is made as an organising committee would make it: from the provincial
    // template (its four categories and three rounds), with the province's names.
    let c = contest_file::create_from(
        db,
        &admin,
        NewContest {
            code: CONTEST.into(),
            name_vi: "Cuộc thi Ý tưởng khởi nghiệp sáng tạo tỉnh Lạng Sơn 2025".into(),
            name_en: "Lạng Sơn Innovative Startup Idea Contest 2025".into(),
            description_vi: String::new(),
            description_en: String::new(),
            time_zone: TIME_ZONE.into(),
        },
        Some(Template::Provincial.code()),
    )
    .await?;
    contests::update_settings(
        db,
        &admin,
        CONTEST,
        ContestSettings {
            name_vi: c.name_vi.clone(),
            name_en: c.name_en.clone(),
            description_vi: c.description_vi.clone(),
            description_en: c.description_en.clone(),
            time_zone: TIME_ZONE.into(),
            registration_open: vietnam_time(-21),
            submissions_open: vietnam_time(-14),
            submissions_close: vietnam_time(30),
            results: vietnam_time(75),
            attachment_types: "pdf, docx, pptx".into(),
            attachment_max_mb: "20".into(),
        },
    )
    .await?;
    // The province's own rule over the template's: founders of Lạng Sơn, 18 to 35 on the
    // opening day.
    super::eligibility::set_rules(
        db,
        &admin,
        CONTEST,
        EligibilityForm {
            age_min: "18".into(),
            age_max: "35".into(),
            age_on: vietnam_time(-14)[..10].to_owned(),
            provinces: "Lạng Sơn".into(),
            team_max: "7".into(),
            entries_per_person_max: "3".into(),
            ..EligibilityForm::default()
        },
    )
    .await?;
    // Each round's judging: screening runs alongside submissions (dossiers are scored as
    // they come in) until shortly after the deadline; then the semi-final and the live
    // final, each ten days.
    for (position, from, days) in [(1, -2, 37), (2, 45, 10), (3, 60, 10)] {
        super::rounds::set_judging(
            db,
            &admin,
            CONTEST,
            position,
            &crate::model::NewRound {
                judging_open: vietnam_time(from),
                judging_close: vietnam_time(from + days),
                ..Default::default()
            },
        )
        .await?;
    }

    let mut accounts = vec![DemoAccount {
        role: "admin",
        email: admin_user.email.clone(),
        name: admin_user.name.clone(),
    }];
    for (role, categories, name) in [
        (Role::Committee, "", "Nguyễn Văn Bình"),
        (Role::SubCommittee, "NN", "Trần Thị Thu"),
        (Role::Judge, "", "Phạm Quốc Huy"),
    ] {
        let email = demo_email(role.code().replace('_', "-").as_str(), 1);
        let link = invitations::invite(
            db,
            &admin,
            NewInvitation {
                contest_id: c.id,
                email: &email,
                role: role.code(),
                categories,
                name: "",
                organisation: "",
                max_load: "",
                lang: Lang::Vi,
            },
            public_url,
        )
        .await?;
        let token = link
            .split("token=")
            .nth(1)
            .ok_or_else(|| ServiceError::Internal("an invitation link without a token".into()))?;
        invitations::accept_with_new_account(db, token, name, &pass, Lang::Vi).await?;
        accounts.push(DemoAccount {
            role: role.code(),
            email,
            name: name.to_owned(),
        });
    }

    // Founders: one hash for all (see the module's note).
    let hash = password::hash(&pass).await?;
    let founders = founders(db, &hash, 0, 40).await?;
    accounts.push(DemoAccount {
        role: "founder",
        email: founders[0].1.clone(),
        name: founders[0].2.clone(),
    });
    story_entries(db, &founders, c.id, data_dir).await?;
    let entries = size.entries;
    if entries > STORY_ENTRIES {
        batch_entries(db, &hash, c.id, entries - STORY_ENTRIES).await?;
    }
    let assignment = jury(db, &admin, c.id, &pass, &hash, size.judges, public_url).await?;
    // Last year's contest, judged, finalised and published, by the same people.
    let mut story_judges = Vec::new();
    for i in 1..=STORY_JUDGES as usize {
        story_judges.push(account(db, &demo_email("judge", i)).await?.id);
    }
    let committee = account(db, &demo_email("committee", 1)).await?;
    super::demo_results::past_contest(db, &admin, committee, &founders, &story_judges, public_url)
        .await?;
    Ok(Demo {
        contest: CONTEST.into(),
        entries: entries.max(STORY_ENTRIES),
        judges: size.judges.max(STORY_JUDGES),
        assignment,
        password: pass,
        accounts,
    })
}

/// The demo account with this email.
async fn account(db: &DatabaseConnection, email: &str) -> ServiceResult<user::Model> {
    user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)
}

/// The jury beside the judge who signs in: name, organisation, expertise, maximum load.
/// One works at a cooperative some teams belong to, so the engine finds conflicts; one has a
/// maximum load.
const JURY: [(&str, &str, &str, &str); 8] = [
    (
        "Hoàng Thị Mai Anh",
        "Trường Đại học Nông Lâm Thái Nguyên",
        "NN",
        "",
    ),
    ("Lương Văn Thắng", "Hợp tác xã Văn Quan", "NN, XH", ""),
    (
        "Nông Thị Hồng Nhung",
        "Trung tâm Xúc tiến Du lịch Lạng Sơn",
        "DL",
        "",
    ),
    (
        "Vi Đức Trọng",
        "Công ty Cổ phần Công nghệ Xứ Lạng",
        "CN",
        "12",
    ),
    (
        "Đặng Minh Khoa",
        "Quỹ Đổi mới sáng tạo Việt Nam",
        "CN, XH",
        "",
    ),
    (
        "Triệu Thị Lan",
        "Hội Liên hiệp Phụ nữ tỉnh Lạng Sơn",
        "XH",
        "",
    ),
    (
        "Lý Quang Vinh",
        "Vườn ươm Doanh nghiệp Đại học Thái Nguyên",
        "NN, DL",
        "",
    ),
    (
        "Hà Thu Trang",
        "Ngân hàng Nông nghiệp chi nhánh Lạng Sơn",
        "DL, CN",
        "",
    ),
];

/// Nine judges for the screening round (the one who signs in and `JURY`), `judges` in all
/// with those written in batches, two conflicts declared by a judge, and the round assigned
/// by the planner as a committee would: preview, then apply (both timed).
async fn jury(
    db: &DatabaseConnection,
    admin: &Actor,
    contest_id: Uuid,
    pass: &str,
    hash: &str,
    judges_wanted: u64,
    public_url: &str,
) -> ServiceResult<AssignmentTiming> {
    let first = crate::ssr::entities::user::Entity::find()
        .filter(user::Column::Email.eq(demo_email("judge", 1)))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    super::judges::update_profile(
        db,
        admin,
        CONTEST,
        first.id,
        &crate::model::judging::JudgeProfileForm {
            organisation: "Sở Khoa học và Công nghệ Lạng Sơn".into(),
            expertise: "CN, NN".into(),
            max_load: String::new(),
        },
    )
    .await?;
    let mut judges = vec![(first.id, actor::load(db, first).await?)];
    for (i, (name, organisation, expertise, max_load)) in JURY.iter().enumerate() {
        let email = demo_email("judge", i + 2);
        let link = invitations::invite(
            db,
            admin,
            NewInvitation {
                contest_id,
                email: &email,
                role: Role::Judge.code(),
                categories: expertise,
                name,
                organisation,
                max_load,
                lang: Lang::Vi,
            },
            public_url,
        )
        .await?;
        let token = link
            .split("token=")
            .nth(1)
            .ok_or_else(|| ServiceError::Internal("an invitation link without a token".into()))?;
        let (user, _) =
            invitations::accept_with_new_account(db, token, name, pass, Lang::Vi).await?;
        judges.push((user.id, actor::load(db, user).await?));
    }
    let mut ids: Vec<Uuid> = judges.iter().map(|(id, _)| *id).collect();
    if judges_wanted > STORY_JUDGES {
        let more = usize::try_from(judges_wanted - STORY_JUDGES).unwrap_or(usize::MAX);
        ids.extend(batch_judges(db, hash, contest_id, more).await?);
    }
    super::judges::set_round_judges(db, admin, CONTEST, 1, &ids).await?;
    // The judge who signs in knows two teams.
    for (number, reason) in [
        (2, "Tôi là cố vấn của nhóm từ năm 2023."),
        (7, "Trưởng nhóm là người nhà của tôi."),
    ] {
        super::conflicts::declare(
            db,
            &judges[0].1,
            CONTEST,
            &entries::entry_code(CONTEST, number),
            reason,
        )
        .await?;
    }
    let mode = crate::model::judging::PlanMode::Fill;
    let started = std::time::Instant::now();
    let preview = super::assignment::preview(db, admin, CONTEST, 1, mode).await?;
    let previewed = started.elapsed();
    let started = std::time::Instant::now();
    let applied =
        super::assignment::apply(db, admin, CONTEST, 1, mode, &preview.fingerprint).await?;
    let apply = started.elapsed();
    let started = std::time::Instant::now();
    let sheets = scores(db, contest_id, &judges).await?;
    Ok(AssignmentTiming {
        preview: previewed,
        apply,
        assignments: applied.assignments,
        sheets,
        scoring: started.elapsed(),
    })
}

/// How far a demo judge is through their sheets: the judge who signs in has submitted two
/// and has a third in draft; the others have submitted about seven in ten and have one in
/// ten in draft (batched judges, for benchmarks, have started every sheet and submitted nine
/// in ten). Every sheet of the disputed entry (the round's first) is in, and one judge
/// scored it far below the others: the open discrepancy (the screening round flags a spread
/// over 25 points).
fn progress(judge: usize, place: usize, entry_number: i32, disputed: bool) -> Option<bool> {
    if disputed {
        return Some(true);
    }
    if judge == 0 {
        return match place {
            0 | 1 => Some(true),
            2 => Some(false),
            _ => None,
        };
    }
    if judge >= BATCHED_JUDGE {
        // The national round's batched judges: every sheet started, nine in ten submitted.
        return Some((entry_number as usize * 31 + judge * 17) % 10 != 9);
    }
    match (entry_number as usize * 31 + judge * 17) % 10 {
        0..=6 => Some(true),
        7 => Some(false),
        _ => None,
    }
}

/// Batched judges are numbered from here in `progress`, apart from the story's nine.
const BATCHED_JUDGE: usize = 100;

/// A demo score for criterion `c` (of `min`..`max` by `step`): the entry's quality, the
/// judge's severity and a little noise, on the step; on the disputed entry, a strong one
/// (0.85) that its harsh judge sees as weak (0.10).
pub(super) fn demo_score(
    entry_number: i32,
    judge: usize,
    c: usize,
    (min, max, step): (
        rust_decimal::Decimal,
        rust_decimal::Decimal,
        rust_decimal::Decimal,
    ),
    quality: Option<rust_decimal::Decimal>,
) -> rust_decimal::Decimal {
    use rust_decimal::Decimal;
    let n = entry_number as i64;
    let quality = quality.unwrap_or_else(|| Decimal::new(35 + (n * 7919).rem_euclid(50), 2));
    let severity = Decimal::new((judge as i64 * 37).rem_euclid(11) - 5, 2);
    let noise = Decimal::new(
        (n * 13 + judge as i64 * 7 + c as i64 * 3).rem_euclid(9) - 4,
        2,
    );
    let share = (quality + severity + noise).clamp(Decimal::ZERO, Decimal::ONE);
    let steps = ((max - min) * share / step).round();
    min + steps * step
}

const DEMO_COMMENTS: [&str; 6] = [
    "Vấn đề rõ ràng, có số liệu của tỉnh.",
    "Giải pháp khả thi nhưng cần làm rõ chi phí.",
    "Thị trường mục tiêu còn rộng, nên thu hẹp.",
    "Mô hình doanh thu chưa thuyết phục.",
    "Đội ngũ có kinh nghiệm thực tế trong ngành.",
    "Cần thêm bằng chứng khách hàng sẵn sàng trả tiền.",
];

/// The screening round's sheets: the story judges' through the use case (validated and
/// audited, as a judge saves them), batched judges' written in batches. Returns how many.
async fn scores(
    db: &DatabaseConnection,
    contest_id: Uuid,
    story: &[(Uuid, Actor)],
) -> ServiceResult<u64> {
    use super::sheets::{Save, SheetAt};
    use crate::model::sheets::SheetFields;
    use crate::ssr::entities::{assignment, round, sheet};
    let round = round::Entity::find()
        .filter(round::Column::ContestId.eq(contest_id))
        .filter(round::Column::Position.eq(1))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let rules = super::rounds::remembered_rules(&round.rules)
        .ok_or_else(|| ServiceError::Internal("the demo's screening rules".into()))?;
    let criteria: Vec<(
        String,
        (
            rust_decimal::Decimal,
            rust_decimal::Decimal,
            rust_decimal::Decimal,
        ),
    )> = rules
        .rubric
        .criteria()
        .iter()
        .map(|c| (c.key.clone(), (c.min_points, c.max_points, c.step)))
        .collect();
    let numbers: std::collections::HashMap<Uuid, (i32, String)> = entry::Entity::find()
        .filter(entry::Column::ContestId.eq(contest_id))
        .all(db)
        .await?
        .into_iter()
        .map(|e| (e.id, (e.number, e.code)))
        .collect();
    let mut pairs = assignment::Entity::find()
        .filter(assignment::Column::RoundId.eq(round.id))
        .all(db)
        .await?;
    pairs.sort_by_key(|a| (numbers.get(&a.entry_id).map(|n| n.0), a.judge_id));
    // The disputed entry is the round's first; its harsh judge, its first in id order.
    let disputed = pairs.first().map(|a| a.entry_id);
    let harsh = pairs
        .iter()
        .filter(|a| Some(a.entry_id) == disputed)
        .map(|a| a.judge_id)
        .min();
    let story_index: std::collections::HashMap<Uuid, usize> = story
        .iter()
        .enumerate()
        .map(|(i, (id, _))| (*id, i))
        .collect();
    let mut places: std::collections::HashMap<Uuid, usize> = Default::default();
    let mut batch = Vec::new();
    let mut made = 0u64;
    let now = Utc::now();
    for a in &pairs {
        let Some((number, code)) = numbers.get(&a.entry_id) else {
            continue;
        };
        let place = places.entry(a.judge_id).or_default();
        let judge = story_index.get(&a.judge_id).copied();
        let Some(submit) = progress(
            judge.unwrap_or(BATCHED_JUDGE + (a.judge_id.as_u128() % 97) as usize),
            *place,
            *number,
            Some(a.entry_id) == disputed,
        ) else {
            *place += 1;
            continue;
        };
        *place += 1;
        let j = judge.unwrap_or((a.judge_id.as_u128() % 1000) as usize);
        let scores: std::collections::BTreeMap<String, String> = criteria
            .iter()
            .enumerate()
            // A draft is half done.
            .filter(|(i, _)| submit || i % 2 == 0)
            .map(|(i, (key, range))| {
                let value = demo_score(
                    *number,
                    j,
                    i,
                    *range,
                    match (Some(a.entry_id) == disputed, Some(a.judge_id) == harsh) {
                        (true, true) => Some(rust_decimal::Decimal::new(10, 2)),
                        (true, false) => Some(rust_decimal::Decimal::new(85, 2)),
                        _ => None,
                    },
                );
                (key.clone(), value.to_string())
            })
            .collect();
        let comments: std::collections::BTreeMap<String, String> = criteria
            .iter()
            .enumerate()
            .filter(|(i, _)| (*number as usize + j + i).is_multiple_of(4))
            .map(|(i, (key, _))| {
                (
                    key.clone(),
                    DEMO_COMMENTS[(*number as usize + i) % DEMO_COMMENTS.len()].to_owned(),
                )
            })
            .collect();
        let fields = SheetFields {
            scores,
            comments,
            overall: if submit {
                DEMO_COMMENTS[(*number as usize + j) % DEMO_COMMENTS.len()].to_owned()
            } else {
                String::new()
            },
            note: String::new(),
            feedback: if submit {
                "Nên bổ sung số liệu khảo sát khách hàng.".into()
            } else {
                String::new()
            },
        };
        made += 1;
        match judge.and_then(|i| story.get(i)) {
            Some((_, actor)) => {
                let at = SheetAt {
                    contest: CONTEST,
                    position: 1,
                    entry: code,
                };
                super::sheets::save(
                    db,
                    db,
                    actor,
                    Save {
                        at,
                        version: 0,
                        fields,
                        submit,
                    },
                )
                .await?;
            }
            None => {
                let state = if submit { "submitted" } else { "draft" };
                batch.push(sheet::ActiveModel {
                    id: Set(Uuid::now_v7()),
                    round_id: Set(round.id),
                    entry_id: Set(a.entry_id),
                    judge_id: Set(a.judge_id),
                    state: Set(state.into()),
                    version: Set(1),
                    scores: Set(serde_json::to_string(&fields.scores).unwrap_or_default()),
                    comments: Set(serde_json::to_string(&fields.comments).unwrap_or_default()),
                    overall_comment: Set(fields.overall),
                    committee_note: Set(String::new()),
                    founder_feedback: Set(fields.feedback),
                    state_reason: Set(String::new()),
                    created_at: Set(now),
                    updated_at: Set(now),
                    submitted_at: Set(submit.then_some(now)),
                });
                if batch.len() >= BATCH {
                    sheet::Entity::insert_many(std::mem::take(&mut batch))
                        .exec(db)
                        .await?;
                }
            }
        }
    }
    if !batch.is_empty() {
        sheet::Entity::insert_many(batch).exec(db).await?;
    }
    Ok(made)
}

/// Where batched judges work; none is a cooperative a team belongs to.
const INSTITUTES: [&str; 6] = [
    "Viện Khoa học Nông nghiệp",
    "Trường Đại học Kinh tế",
    "Trung tâm Đổi mới sáng tạo",
    "Quỹ Đầu tư Khởi nghiệp",
    "Hiệp hội Doanh nghiệp",
    "Sở Thông tin và Truyền thông",
];

/// `n` more judges of the contest, written in batches (one password hash for all, as for the
/// batched founders): each expert in one or two categories, one in five with a maximum load.
async fn batch_judges(
    db: &DatabaseConnection,
    hash: &str,
    contest_id: Uuid,
    n: usize,
) -> ServiceResult<Vec<Uuid>> {
    use crate::ssr::entities::{contest_role, contest_role_category};
    let known = contests::categories(db, contest_id).await?;
    let now = Utc::now();
    let first = STORY_JUDGES as usize + 1;
    let people: Vec<(Uuid, usize)> = (first..first + n).map(|i| (Uuid::now_v7(), i)).collect();
    for chunk in people.chunks(BATCH) {
        let txn = begin_write(db).await?;
        user::Entity::insert_many(chunk.iter().map(|&(id, i)| user::ActiveModel {
            id: Set(id),
            email: Set(demo_email("judge", i)),
            name: Set(person_name(i + 1000)),
            password_hash: Set(hash.to_owned()),
            is_admin: Set(false),
            lang: Set(user::UserLang::Vi),
            created_at: Set(now),
            email_confirmed_at: Set(Some(now)),
            session_epoch: Set(0),
        }))
        .exec(&txn)
        .await?;
        let roles: Vec<(Uuid, usize)> = chunk.iter().map(|&(_, i)| (Uuid::now_v7(), i)).collect();
        contest_role::Entity::insert_many(chunk.iter().zip(&roles).map(
            |(&(user, i), &(role, _))| contest_role::ActiveModel {
                id: Set(role),
                contest_id: Set(contest_id),
                user_id: Set(user),
                role: Set(Role::Judge),
                created_at: Set(now),
                organisation: Set(format!("{} {}", INSTITUTES[i % INSTITUTES.len()], i % 97)),
                max_load: Set(i.is_multiple_of(5).then_some(40 + (i % 31) as i32)),
            },
        ))
        .exec(&txn)
        .await?;
        if !known.is_empty() {
            let count = known.len();
            let links = roles.iter().flat_map(|&(role, i)| {
                let picks = 1 + i % 2;
                (0..picks).map(move |k| (role, (i + k) % count))
            });
            contest_role_category::Entity::insert_many(links.map(|(role, c)| {
                contest_role_category::ActiveModel {
                    role_id: Set(role),
                    category_id: Set(known[c].id),
                }
            }))
            .exec_without_returning(&txn)
            .await?;
        }
        txn.commit().await?;
    }
    Ok(people.into_iter().map(|(id, _)| id).collect())
}

/// Founders `from..from + n`, with confirmed accounts: (id, email, name).
async fn founders(
    db: &DatabaseConnection,
    hash: &str,
    from: usize,
    n: usize,
) -> ServiceResult<Vec<(Uuid, String, String)>> {
    let now = Utc::now();
    let people: Vec<(Uuid, String, String)> = (from..from + n)
        .map(|i| (Uuid::now_v7(), demo_email("founder", i + 1), person_name(i)))
        .collect();
    for chunk in people.chunks(BATCH) {
        let rows = chunk.iter().map(|(id, email, name)| user::ActiveModel {
            id: Set(*id),
            email: Set(email.clone()),
            name: Set(name.clone()),
            password_hash: Set(hash.to_owned()),
            is_admin: Set(false),
            lang: Set(user::UserLang::Vi),
            created_at: Set(now),
            email_confirmed_at: Set(Some(now)),
            session_epoch: Set(0),
        });
        user::Entity::insert_many(rows).exec(db).await?;
    }
    Ok(people)
}

/// Sixty entries through the use cases: most submitted, some drafts, a few withdrawn.
async fn story_entries(
    db: &DatabaseConnection,
    founders: &[(Uuid, String, String)],
    contest_id: Uuid,
    data_dir: &std::path::Path,
) -> ServiceResult<()> {
    for i in 0..STORY_ENTRIES as usize {
        let (id, ..) = &founders[i % founders.len()];
        let user = user::Entity::find_by_id(*id)
            .one(db)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let founder = actor::load(db, user).await?;
        let code = entries::start(db, &founder, CONTEST).await?;
        let (_, mut fields) = idea(i);
        let submit = i % 6 != 5;
        if !submit {
            // A draft still being written.
            fields.market.clear();
            fields.business_model.clear();
        }
        entries::save(db, &founder, &code, 1, fields, submit).await?;
        if i % 3 == 0 {
            attach_plan(db, &founder, &code, contest_id, data_dir).await?;
        }
        if i % 20 == 19 {
            entries::withdraw(db, &founder, &code).await?;
        }
    }
    Ok(())
}

/// A business plan as a small real PDF, stored and recorded as an upload is.
async fn attach_plan(
    db: &DatabaseConnection,
    founder: &Actor,
    code: &str,
    contest_id: Uuid,
    data_dir: &std::path::Path,
) -> ServiceResult<()> {
    use super::attachments::{Upload, file_path, record};
    use sha2::{Digest, Sha256};
    let bytes = pdf(&format!("JuryDesk demo - {code} - business plan"));
    let id = Uuid::now_v7();
    let path = file_path(data_dir, contest_id, id);
    let io = |e: std::io::Error| ServiceError::Internal(format!("demo attachment: {e}"));
    if let Some(dir) = path.parent() {
        tokio::fs::create_dir_all(dir).await.map_err(io)?;
    }
    tokio::fs::write(&path, &bytes).await.map_err(io)?;
    let upload = Upload {
        id,
        name: "Kế hoạch kinh doanh.pdf".into(),
        kind: crate::model::AttachmentKind::Pdf,
        size: bytes.len() as u64,
        sha256: hex::encode(Sha256::digest(&bytes)),
        field: "business_plan".into(),
    };
    record(db, founder, code, upload).await?;
    Ok(())
}

/// A one-page PDF showing `text` (ASCII), with a correct cross-reference table.
fn pdf(text: &str) -> Vec<u8> {
    let stream = format!("BT /F1 18 Tf 72 760 Td ({text}) Tj ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R \
         /Resources << /Font << /F1 5 0 R >> >> >>"
            .to_owned(),
        format!(
            "<< /Length {} >>\nstream\n{stream}\nendstream",
            stream.len()
        ),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n{object}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for offset in offsets {
        out.extend(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// `n` more submitted entries in batches, from as many founders as it takes (four each).
async fn batch_entries(
    db: &DatabaseConnection,
    hash: &str,
    contest_id: Uuid,
    n: u64,
) -> ServiceResult<()> {
    let n = usize::try_from(n).unwrap_or(usize::MAX);
    let people = founders(db, hash, 40, n.div_ceil(4)).await?;
    let known = contests::categories(db, contest_id).await?;
    let c = contest::Entity::find_by_id(contest_id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let first = c.entry_seq + 1;
    let now = Utc::now();
    let numbers: Vec<i32> = (0..n).map(|k| first + k as i32).collect();
    for chunk in numbers.chunks(BATCH) {
        let txn = begin_write(db).await?;
        let rows: Vec<entry::ActiveModel> = chunk
            .iter()
            .map(|&number| {
                let k = (number - first) as usize;
                let (category, fields) = idea(k + STORY_ENTRIES as usize);
                let (lead, _, lead_name) = &people[k / 4];
                let category = known.iter().find(|k| k.code == category).map(|k| k.id);
                let code = entries::entry_code(CONTEST, number);
                submitted_entry(
                    contest_id,
                    category,
                    number,
                    code,
                    (*lead, lead_name),
                    fields,
                    now,
                )
            })
            .collect();
        entry::Entity::insert_many(rows).exec(&txn).await?;
        txn.commit().await?;
    }
    let mut counter: contest::ActiveModel = c.into();
    counter.entry_seq = Set(first - 1 + n as i32);
    counter.update(db).await?;
    Ok(())
}

/// A submitted entry in round 1 as the batched paths write it, led by `lead` (id, name),
/// submitted `at`.
pub(super) fn submitted_entry(
    contest_id: Uuid,
    category_id: Option<Uuid>,
    number: i32,
    code: String,
    (lead, lead_name): (Uuid, &str),
    fields: EntryFields,
    at: chrono::DateTime<Utc>,
) -> entry::ActiveModel {
    entry::ActiveModel {
        id: Set(Uuid::now_v7()),
        contest_id: Set(contest_id),
        category_id: Set(category_id),
        number: Set(number),
        search: Set(search_text(&code, &fields.title, lead_name)),
        title_key: Set(fold(&fields.title)),
        code: Set(code),
        lead_id: Set(lead),
        status: Set(EntryStatus::Submitted),
        title: Set(fields.title),
        summary: Set(fields.summary),
        problem: Set(fields.problem),
        solution: Set(fields.solution),
        market: Set(fields.market),
        business_model: Set(fields.business_model),
        stage: Set(Stage::from_code(&fields.stage)),
        version: Set(1),
        created_at: Set(at),
        updated_at: Set(at),
        submitted_at: Set(Some(at)),
        answers: Set(entries::answers_text(&fields.answers)),
        round: Set(1),
        // The rest as the table's defaults have them (eligible, nothing decided).
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_names_and_ideas_are_vietnamese_and_varied() {
        let names: std::collections::HashSet<String> = (0..40).map(person_name).collect();
        assert_eq!(names.len(), 40);
        assert_eq!(person_name(0), "Nguyễn Văn An");
        let titles: std::collections::HashSet<String> = (0..60).map(|i| idea(i).1.title).collect();
        assert!(titles.len() >= 50, "{}", titles.len());
        assert!(idea(0).1.missing(true).is_empty());
    }
}
