//! `/contests/:code/judges`: the contest's jury for its committee: each judge with the profile
//! the assignment planner reads (organisation, expertise, maximum load) and a form to change
//! it, the judges invited and not yet joined, and the form inviting one.

use crate::api::contests::Invite;
use crate::api::judging::{ImportJudges, JuryView, SaveJudgeProfile, jury};
use crate::components::form::{
    FieldNote, FormError, action_error, flash_for, invalid, on_success, successes, typed,
};
use crate::components::{PageTitle, use_lang};
use crate::format;
use crate::i18n::*;
use crate::model::judging::JudgeView;
use crate::model::limits::{EMAIL_MAX, TITLE_MAX};
use crate::pages::errors::ErrorView;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn JuryPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let code = move || params.read().get("code").unwrap_or_default();
    // Each judge's form saves with its own action; any success reads the jury again.
    let saved = RwSignal::new(0usize);
    let invite = ServerAction::<Invite>::new();
    let invited = successes(invite);
    // Judges invited from a file: the list of invitations is read again. The action lives
    // here, above what that redraws, so that its report stays on screen.
    let imported = RwSignal::new(0usize);
    let import = ServerAction::<ImportJudges>::new();
    on_success(import, move || {
        if import
            .value()
            .get_untracked()
            .is_some_and(|r| r.is_ok_and(|r| r.applied))
        {
            imported.update(|n| *n += 1);
        }
    });
    let jury = Resource::new(
        move || (code(), saved.get(), invited.get(), imported.get()),
        |(code, _, _, _)| jury(code),
    );
    // Without JavaScript, the report of the import just made and its text (read once).
    let query = use_query_map();
    let has_report = move || query.read().get("report").is_some();
    let kept = Resource::new(has_report, |has| async move {
        if has {
            crate::api::entries::last_import().await.ok().flatten()
        } else {
            None
        }
    });
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let view = match jury.await {
                    Err(e) => return view! { <ErrorView error=e/> }.into_any(),
                    Ok(v) => v,
                };
                let lang = use_lang();
                let name = view.contest.name(lang).to_owned();
                let heading = td_string!(Locale::from(lang), judging.jury_title, contest = name.clone()).to_string();
                let code = view.contest.code.clone();
                view! {
                    <PageTitle text=move |_| heading.clone()/>
                    <p class="crumbs"><a href=format!("/contests/{code}")>{name.clone()}</a></p>
                    <h1>{td_string!(Locale::from(lang), judging.jury_title, contest = name).to_string()}</h1>
                    <p>{t!(i18n, judging.jury_intro)}</p>
                    <JudgingLinks code=code.clone() rounds=view.rounds.clone()/>
                    <JudgeTable view=view.clone() saved=saved/>
                    <p><a href=format!("/contests/{code}/judges.csv") download="">{t!(i18n, judging.download_jury)}</a></p>
                    <InvitedJudges view=view.clone()/>
                    <InviteJudge view=view invite=invite/>
                    <ImportJudgesForm code=code.clone() import=import kept=kept/>
                }
                .into_any()
            })}
        </Suspense>
    }
}

/// Links between the committee's judging pages: the jury, conflicts, each round's assignment.
#[component]
pub fn JudgingLinks(code: String, rounds: Vec<crate::model::judging::RoundRef>) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    view! {
        <nav class="subnav" aria-label=move || t_string!(i18n, judging.links).to_string()>
            <ul>
                <li><a href=format!("/contests/{code}/judges")>{t!(i18n, judging.jury_link)}</a></li>
                <li><a href=format!("/contests/{code}/conflicts")>{t!(i18n, judging.conflicts_link)}</a></li>
                {rounds.into_iter().map(|r| view! {
                    <li><a href=format!("/contests/{code}/rounds/{}/assignment", r.position)>
                        {td_string!(Locale::from(lang), judging.assignment_link, round = r.name(lang).to_owned()).to_string()}
                    </a></li>
                    <li><a href=format!("/contests/{code}/rounds/{}/progress", r.position)>
                        {t!(i18n, judging.progress_link)}" · "{r.name(lang).to_owned()}
                    </a></li>
                }).collect_view()}
            </ul>
        </nav>
    }
}

#[component]
fn JudgeTable(view: JuryView, saved: RwSignal<usize>) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let codes = view.category_codes();
    let code = view.contest.code.clone();
    let judges = view.judges;
    view! {
        <section aria-labelledby="judges">
            <h2 id="judges">{t!(i18n, judging.judges)}" ("{judges.len()}")"</h2>
            {judges.is_empty().then(|| view! { <p class="empty">{t!(i18n, judging.no_judges)}</p> })}
            <ul class="cards judges">
                {judges.into_iter().map(|j| {
                    let just_saved = query.read_untracked().get("saved").as_deref() == Some(j.id.to_string().as_str());
                    view! { <JudgeCard judge=j code=code.clone() codes=codes.clone() saved=saved just_saved=just_saved/> }
                }).collect_view()}
            </ul>
        </section>
    }
}

/// One judge: who they are, their profile, and the form changing it.
#[component]
fn JudgeCard(
    judge: JudgeView,
    code: String,
    codes: String,
    saved: RwSignal<usize>,
    just_saved: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveJudgeProfile>::new();
    on_success(save, move || saved.update(|n| *n += 1));
    let id = judge.id;
    let none = move || t_string!(i18n, judging.none).to_string();
    let expertise = if judge.expertise.is_empty() {
        none()
    } else {
        judge.expertise.join(", ")
    };
    let max_load = judge.max_load.map_or_else(
        || t_string!(i18n, judging.no_limit).to_string(),
        |m| m.to_string(),
    );
    let rounds = if judge.rounds.is_empty() {
        none()
    } else {
        judge
            .rounds
            .iter()
            .map(i32::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    };
    let organisation = if judge.organisation.is_empty() {
        none()
    } else {
        judge.organisation.clone()
    };
    let field = move |part: &str| format!("j-{id}-{part}");
    view! {
        <li id=format!("judge-{id}") class="card">
            <h3>{judge.name.clone()}</h3>
            <p class="meta">{judge.email.clone()}</p>
            {just_saved.then(|| view! { <p class="notice" role="status">{t!(i18n, judging.profile_saved)}</p> })}
            <dl class="facts">
                <dt>{t!(i18n, judging.organisation)}</dt><dd>{organisation}</dd>
                <dt>{t!(i18n, judging.expertise)}</dt><dd>{expertise}</dd>
                <dt>{t!(i18n, judging.max_load)}</dt><dd>{max_load}</dd>
                <dt>{t!(i18n, judging.rounds)}</dt><dd>{rounds}</dd>
            </dl>
            <Suspense fallback=|| ()>
                {move || {
                    let (code, codes, judge) = (code.clone(), codes.clone(), judge.clone());
                    Suspend::new(async move {
                        let flash = flash_for::<SaveJudgeProfile>().await
                            .filter(|f| f.field("judge") == Some(id.to_string().as_str()));
                        let error = action_error(save, flash.clone());
                        let value = |name: &str, now: String| if flash.is_some() { typed(&flash, name) } else { now };
                        let organisation = value("profile[organisation]", judge.organisation.clone());
                        let expertise = value("profile[expertise]", judge.expertise.join(", "));
                        let max_load = value("profile[max_load]", judge.max_load.map(|m| m.to_string()).unwrap_or_default());
                        view! {
                            <details class="settings" open=flash.is_some()>
                                <summary>{t!(i18n, judging.edit_profile)}</summary>
                                <ActionForm action=save attr:class="stack" attr:novalidate=true>
                                    <FormError error=error/>
                                    <input type="hidden" name="code" value=code/>
                                    <input type="hidden" name="judge" value=id.to_string()/>
                                    <label for=field("organisation")>{t!(i18n, judging.organisation)}</label>
                                    <input id=field("organisation") name="profile[organisation]" maxlength=TITLE_MAX
                                        value=organisation aria-invalid=invalid(error, "organisation")/>
                                    <FieldNote error=error field="organisation"/>
                                    <label for=field("expertise")>{t!(i18n, judging.expertise)}</label>
                                    <input id=field("expertise") name="profile[expertise]" value=expertise
                                        aria-describedby=field("expertise-hint") aria-invalid=invalid(error, "expertise")/>
                                    <p id=field("expertise-hint") class="hint">{t!(i18n, judging.expertise_hint, codes = codes)}</p>
                                    <FieldNote error=error field="expertise"/>
                                    <label for=field("max_load")>{t!(i18n, judging.max_load)}</label>
                                    <input id=field("max_load") name="profile[max_load]" inputmode="numeric" value=max_load
                                        aria-describedby=field("max-hint") aria-invalid=invalid(error, "max_load")/>
                                    <p id=field("max-hint") class="hint">{t!(i18n, judging.max_load_hint)}</p>
                                    <FieldNote error=error field="max_load"/>
                                    <button type="submit" class="button secondary">{t!(i18n, judging.save_profile)}</button>
                                </ActionForm>
                            </details>
                        }
                    })
                }}
            </Suspense>
        </li>
    }
}

#[component]
fn InvitedJudges(view: JuryView) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    (!view.invited.is_empty()).then(|| {
        view! {
            <section aria-labelledby="invited">
                <h2 id="invited">{t!(i18n, judging.invited)}</h2>
                <div class="table-wrap">
                    <table>
                        <thead><tr>
                            <th scope="col">{t!(i18n, form.name)}</th>
                            <th scope="col">{t!(i18n, form.email)}</th>
                            <th scope="col">{t!(i18n, judging.organisation)}</th>
                            <th scope="col">{t!(i18n, judging.expertise)}</th>
                            <th scope="col">{t!(i18n, judging.max_load)}</th>
                            <th scope="col">{t!(i18n, judging.invited_until)}</th>
                        </tr></thead>
                        <tbody>
                            {view.invited.into_iter().map(|i| view! {
                                <tr>
                                    <td data-label=t_string!(i18n, form.name)>{i.name}</td>
                                    <td data-label=t_string!(i18n, form.email)>{i.email}</td>
                                    <td data-label=t_string!(i18n, judging.organisation)>{i.organisation}</td>
                                    <td data-label=t_string!(i18n, judging.expertise)>{i.expertise.join(", ")}</td>
                                    <td data-label=t_string!(i18n, judging.max_load)>{i.max_load.map(|m| m.to_string()).unwrap_or_default()}</td>
                                    <td data-label=t_string!(i18n, judging.invited_until)>{format::date(i.expires_at, lang)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </section>
        }
    })
}

/// Invites a judge with their profile; the mail carries the link.
#[component]
fn InviteJudge(view: JuryView, invite: ServerAction<Invite>) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let invited = move || query.read().get("invited").is_some();
    let code = view.contest.code.clone();
    let codes = view.category_codes();
    let contest_id = view.contest_id;
    view! {
        <section aria-labelledby="invite-judge">
            <h2 id="invite-judge">{t!(i18n, judging.invite)}</h2>
            <p class="hint">{t!(i18n, judging.invite_intro)}</p>
            <Show when=invited><p class="notice" role="status">{t!(i18n, admin.invited)}</p></Show>
            <Suspense fallback=|| ()>
                {move || {
                    let (code, codes) = (code.clone(), codes.clone());
                    Suspend::new(async move {
                        let flash = flash_for::<Invite>().await;
                        let error = action_error(invite, flash.clone());
                        view! {
                            <ActionForm action=invite attr:class="stack" attr:novalidate=true>
                                <FormError error=error/>
                                <input type="hidden" name="contest_id" value=contest_id.to_string()/>
                                <input type="hidden" name="role" value="judge"/>
                                <input type="hidden" name="next" value=format!("/contests/{code}/judges")/>
                                <label for="judge_email">{t!(i18n, form.email)}</label>
                                <input id="judge_email" name="email" type="email" required maxlength=EMAIL_MAX
                                    value=typed(&flash, "email") aria-invalid=invalid(error, "email")/>
                                <label for="judge_name">{t!(i18n, form.name)}</label>
                                <input id="judge_name" name="name" autocomplete="off" maxlength=crate::model::limits::PERSON_NAME_MAX
                                    value=typed(&flash, "name") aria-invalid=invalid(error, "name")/>
                                <label for="judge_organisation">{t!(i18n, judging.organisation)}</label>
                                <input id="judge_organisation" name="organisation" maxlength=TITLE_MAX
                                    value=typed(&flash, "organisation") aria-invalid=invalid(error, "organisation")/>
                                <label for="judge_expertise">{t!(i18n, judging.expertise)}</label>
                                <input id="judge_expertise" name="categories" value=typed(&flash, "categories")
                                    aria-describedby="judge-expertise-hint" aria-invalid=invalid(error, "categories")/>
                                <p id="judge-expertise-hint" class="hint">{t!(i18n, judging.expertise_hint, codes = codes)}</p>
                                <label for="judge_max_load">{t!(i18n, judging.max_load)}</label>
                                <input id="judge_max_load" name="max_load" inputmode="numeric" value=typed(&flash, "max_load")
                                    aria-describedby="judge-max-hint" aria-invalid=invalid(error, "max_load")/>
                                <p id="judge-max-hint" class="hint">{t!(i18n, judging.max_load_hint)}</p>
                                <button type="submit" class="button">{t!(i18n, admin.invite_send)}</button>
                            </ActionForm>
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}

/// Invites judges from a CSV text: a dry run lists every bad line; an import invites all or
/// none. Without JavaScript the page comes back with the report and the text.
#[component]
fn ImportJudgesForm(
    code: String,
    import: ServerAction<ImportJudges>,
    kept: Resource<Option<(crate::model::ImportReport, String)>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section aria-labelledby="import-judges" id="import-judges-section">
            <h2 id="import-judges">{t!(i18n, judging.import)}</h2>
            <p class="hint">{t!(i18n, judging.import_intro)}</p>
            <Suspense fallback=|| ()>
                {move || {
                    let code = code.clone();
                    Suspend::new(async move {
                        let (earlier, text) = kept.await.unzip();
                        let report = Signal::derive(move || match import.value().get() {
                            Some(Ok(r)) => Some(r),
                            Some(Err(_)) => None,
                            None => earlier.clone(),
                        });
                        let error = action_error(import, None);
                        let text = RwSignal::new(text.unwrap_or_default());
                        view! {
                            <ImportReportView report=report done=Callback::new(move |n: usize| {
                                td_string!(Locale::from(use_lang()), judging.import_done, count = n).to_string()
                            })/>
                            <ActionForm action=import attr:class="stack" attr:novalidate=true>
                                <FormError error=error/>
                                <input type="hidden" name="code" value=code/>
                                <label for="judges_csv">{t!(i18n, judging.import_text)}</label>
                                <textarea id="judges_csv" name="csv" rows="6" class="mono" spellcheck="false"
                                    prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))>
                                    {crate::components::server_escaped(text.get_untracked())}
                                </textarea>
                                <div class="actions">
                                    <button type="submit" name="intent" value="check" class="button secondary">{t!(i18n, judging.import_check)}</button>
                                    <button type="submit" name="intent" value="apply" class="button">{t!(i18n, judging.import_apply)}</button>
                                </div>
                            </ActionForm>
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}

/// A dry run's or an import's report: the summary, and every problem by line and column.
/// `done` words what an applied import made, from how many.
#[component]
pub fn ImportReportView(
    report: Signal<Option<crate::model::ImportReport>>,
    done: Callback<usize, String>,
) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        report.get().map(|r| {
            let summary = if r.applied {
                view! { <p class="notice" role="status">{done.run(r.codes.len())}</p> }.into_any()
            } else if r.problems.is_empty() {
                view! { <p class="notice" role="status">{t!(i18n, judging.import_ready, rows = r.rows)}</p> }.into_any()
            } else {
                view! { <p class="warning" role="status">{t!(i18n, judging.import_problems, count = r.problems.len())}</p> }.into_any()
            };
            view! {
                {summary}
                {(!r.problems.is_empty()).then(|| view! {
                    <div class="table-wrap">
                        <table class="problems">
                            <thead><tr>
                                <th scope="col">{t!(i18n, judging.line)}</th>
                                <th scope="col">{t!(i18n, judging.column)}</th>
                                <th scope="col">{t!(i18n, judging.problem)}</th>
                            </tr></thead>
                            <tbody>
                                {r.problems.into_iter().map(|p| view! {
                                    <tr>
                                        <td data-label=t_string!(i18n, judging.line)>{p.line}</td>
                                        <td data-label=t_string!(i18n, judging.column)>{p.column}</td>
                                        <td data-label=t_string!(i18n, judging.problem)>{p.message}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                })}
            }
        })
    }
}
