//! Who may do what: every permission question is asked here, in one vocabulary, and nowhere
//! else. Services call `require` before they read or change anything protected (server
//! functions, routes, the command line and tests all reach the services, so this is the one
//! check they share).

use super::actor::{Actor, Person, RoleIn};
use super::messages::{ServiceError, ServiceResult};
use crate::model::Role;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Permission {
    /// Site administration: users, the outbox, new contests, the whole audit log.
    Administer,
    /// Change a contest's setup (categories now; rules and rounds later). Administrators and
    /// the contest's committee.
    ManageContest(Uuid),
    /// Invite someone to a contest in a role: administrators and the contest's full
    /// committee, for any role; sub-committee members and judges may not invite.
    InviteTo { contest: Uuid, role: Role },
    /// Read a contest's audit log: administrators and the contest's committee.
    ReadContestAudit(Uuid),
    /// Anything a signed-in person does to their own account.
    OwnAccount,
    /// Read one entry: its lead and team members with accounts, administrators, the
    /// contest's committee, and a sub-committee whose categories include the entry's.
    ReadEntry {
        contest: Uuid,
        category: Option<Uuid>,
        lead: Uuid,
        /// The asking person is listed in its team (by their account's email).
        member: bool,
    },
    /// Change, submit or withdraw an entry: its lead only (the committee judges entries, it
    /// does not write them).
    WriteEntry { lead: Uuid },
    /// Act as a judge of a contest (declare conflicts, see one's own assignments): its judges
    /// only; being an administrator or on the committee does not make one a judge.
    JudgeIn(Uuid),
    /// Decide on an entry's eligibility or disqualify it: administrators, the contest's
    /// committee, and a sub-committee whose categories include the entry's.
    DecideEntry {
        contest: Uuid,
        category: Option<Uuid>,
    },
}

/// Which entries of a contest someone may list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntryScope {
    All,
    /// A sub-committee: entries in these categories.
    Categories(Vec<Uuid>),
}

/// Whether `actor` has `permission`.
pub fn allows(actor: &Actor, permission: &Permission) -> bool {
    match actor {
        Actor::System => true,
        Actor::Anonymous => false,
        Actor::Person(p) => person_allows(p, permission),
    }
}

fn person_allows(p: &Person, permission: &Permission) -> bool {
    match permission {
        // An entry is its team's words: not even an administrator writes it for them.
        Permission::WriteEntry { lead } => *lead == p.id,
        Permission::JudgeIn(contest) => p
            .memberships
            .iter()
            .any(|m| m.contest == *contest && m.role == RoleIn::Judge),
        _ if p.is_admin => true,
        Permission::Administer => false,
        Permission::OwnAccount => true,
        Permission::ManageContest(contest) | Permission::ReadContestAudit(contest) => {
            on_committee(p, *contest)
        }
        Permission::InviteTo { contest, .. } => on_committee(p, *contest),
        Permission::ReadEntry {
            contest,
            category,
            lead,
            member,
        } => *lead == p.id || *member || in_scope(p, *contest, *category),
        Permission::DecideEntry { contest, category } => in_scope(p, *contest, *category),
    }
}

/// Whether an entry of `contest` in `category` is among those `p` may list.
fn in_scope(p: &Person, contest: Uuid, category: Option<Uuid>) -> bool {
    match entry_scope_of(p, contest) {
        Some(EntryScope::All) => true,
        Some(EntryScope::Categories(ids)) => category.is_some_and(|c| ids.contains(&c)),
        None => false,
    }
}

fn entry_scope_of(p: &Person, contest: Uuid) -> Option<EntryScope> {
    if p.is_admin {
        return Some(EntryScope::All);
    }
    let mut scope: Option<EntryScope> = None;
    for m in p.memberships.iter().filter(|m| m.contest == contest) {
        match &m.role {
            RoleIn::Committee => return Some(EntryScope::All),
            RoleIn::SubCommittee { categories } => {
                let mut ids = match scope.take() {
                    Some(EntryScope::Categories(ids)) => ids,
                    _ => Vec::new(),
                };
                ids.extend(categories.iter().copied());
                scope = Some(EntryScope::Categories(ids));
            }
            RoleIn::Judge => {}
        }
    }
    scope
}

/// The entries of `contest` that `actor` may list: `Unauthenticated` or `Forbidden` for
/// someone who may list none.
pub fn entry_scope(actor: &Actor, contest: Uuid) -> ServiceResult<EntryScope> {
    match actor {
        Actor::System => Ok(EntryScope::All),
        Actor::Anonymous => Err(ServiceError::Unauthenticated),
        Actor::Person(p) => entry_scope_of(p, contest).ok_or(ServiceError::Forbidden),
    }
}

/// On the full committee of `contest` (not limited to some categories).
fn on_committee(p: &Person, contest: Uuid) -> bool {
    p.memberships
        .iter()
        .any(|m| m.contest == contest && m.role == RoleIn::Committee)
}

/// Refuses unless `actor` has `permission`: `Unauthenticated` for someone not signed in,
/// `Forbidden` otherwise.
pub fn require(actor: &Actor, permission: Permission) -> ServiceResult<()> {
    if allows(actor, &permission) {
        Ok(())
    } else if matches!(actor, Actor::Anonymous) {
        Err(ServiceError::Unauthenticated)
    } else {
        Err(ServiceError::Forbidden)
    }
}

/// The signed-in person, for use cases about one's own account.
pub fn require_person(actor: &Actor) -> ServiceResult<&Person> {
    require(actor, Permission::OwnAccount)?;
    actor.person().ok_or(ServiceError::Forbidden)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Lang;
    use crate::ssr::actor::Membership;
    use std::sync::Arc;

    fn member(contest: Uuid, role: RoleIn) -> Vec<Membership> {
        vec![Membership { contest, role }]
    }

    fn person(is_admin: bool, memberships: Vec<Membership>) -> Actor {
        Actor::Person(Arc::new(Person {
            id: Uuid::now_v7(),
            email: "a@example.vn".into(),
            name: "A".into(),
            lang: Lang::Vi,
            is_admin,
            created_at: chrono::Utc::now(),
            memberships,
        }))
    }

    #[test]
    fn only_the_full_committee_manages_a_contest() {
        let contest = Uuid::now_v7();
        let other = Uuid::now_v7();
        let committee = person(false, member(contest, RoleIn::Committee));
        let sub = person(
            false,
            member(
                contest,
                RoleIn::SubCommittee {
                    categories: vec![Uuid::now_v7()],
                },
            ),
        );
        let judge = person(false, member(contest, RoleIn::Judge));
        assert!(allows(&committee, &Permission::ManageContest(contest)));
        assert!(!allows(&committee, &Permission::ManageContest(other)));
        assert!(!allows(&sub, &Permission::ManageContest(contest)));
        assert!(!allows(&judge, &Permission::ManageContest(contest)));
        assert!(allows(
            &person(true, vec![]),
            &Permission::ManageContest(other)
        ));
    }

    #[test]
    fn only_a_contests_judges_act_as_its_judges_not_even_an_administrator() {
        let contest = Uuid::now_v7();
        let judge = person(false, member(contest, RoleIn::Judge));
        let committee = person(false, member(contest, RoleIn::Committee));
        assert!(allows(&judge, &Permission::JudgeIn(contest)));
        assert!(!allows(&judge, &Permission::JudgeIn(Uuid::now_v7())));
        assert!(!allows(&committee, &Permission::JudgeIn(contest)));
        assert!(!allows(
            &person(true, vec![]),
            &Permission::JudgeIn(contest)
        ));
        assert!(!allows(&Actor::Anonymous, &Permission::JudgeIn(contest)));
    }

    #[test]
    fn the_full_committee_invites_to_every_role_and_a_sub_committee_to_none() {
        let contest = Uuid::now_v7();
        let committee = person(false, member(contest, RoleIn::Committee));
        let sub = person(
            false,
            member(contest, RoleIn::SubCommittee { categories: vec![] }),
        );
        for role in Role::ALL {
            assert!(allows(&committee, &Permission::InviteTo { contest, role }));
            assert!(!allows(&sub, &Permission::InviteTo { contest, role }));
        }
    }

    #[test]
    fn an_entry_is_read_by_its_lead_its_committee_and_the_sub_committee_of_its_category() {
        let contest = Uuid::now_v7();
        let (ag, it) = (Uuid::now_v7(), Uuid::now_v7());
        let founder = person(false, vec![]);
        let lead = founder.id().unwrap();
        let read = |category| Permission::ReadEntry {
            contest,
            category,
            lead,
            member: false,
        };
        let committee = person(false, member(contest, RoleIn::Committee));
        let sub_it = person(
            false,
            member(
                contest,
                RoleIn::SubCommittee {
                    categories: vec![it],
                },
            ),
        );
        let judge = person(false, member(contest, RoleIn::Judge));
        let stranger = person(false, vec![]);
        assert!(allows(&founder, &read(Some(ag))));
        assert!(allows(&committee, &read(Some(ag))));
        assert!(allows(&sub_it, &read(Some(it))));
        assert!(!allows(&sub_it, &read(Some(ag))));
        assert!(!allows(&sub_it, &read(None)));
        assert!(!allows(&judge, &read(Some(ag))));
        assert!(!allows(&stranger, &read(Some(ag))));
        let as_member = Permission::ReadEntry {
            contest,
            category: Some(ag),
            lead,
            member: true,
        };
        assert!(allows(&stranger, &as_member));
        assert!(allows(&founder, &Permission::WriteEntry { lead }));
        assert!(!allows(&committee, &Permission::WriteEntry { lead }));
        assert!(!allows(
            &person(true, vec![]),
            &Permission::WriteEntry { lead }
        ));
        assert_eq!(
            entry_scope(&sub_it, contest).unwrap(),
            EntryScope::Categories(vec![it])
        );
        assert!(matches!(
            entry_scope(&judge, contest),
            Err(ServiceError::Forbidden)
        ));
    }

    #[test]
    fn anonymous_visitors_are_asked_to_sign_in_and_others_are_refused() {
        assert!(matches!(
            require(&Actor::Anonymous, Permission::Administer),
            Err(ServiceError::Unauthenticated)
        ));
        assert!(matches!(
            require(&person(false, vec![]), Permission::Administer),
            Err(ServiceError::Forbidden)
        ));
        assert!(require(&Actor::System, Permission::Administer).is_ok());
    }
}
