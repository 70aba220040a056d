//! The HTML shell, the application root and the route table: every URL in one place.

use crate::api::accounts::{Viewer, me};
use crate::api::forms::{Flash, take_flash};
use crate::components::header::SiteHeader;
use crate::error::AppError;
use crate::i18n::*;
use crate::pages;
use leptos::prelude::*;
use leptos_meta::{Link, MetaTags, Title, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{SsrMode, path};

pub fn shell(options: LeptosOptions) -> impl IntoView {
    let stylesheet = format!("/pkg/{}.css", options.output_name);
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light"/>
                <link rel="stylesheet" href=stylesheet/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The signed-in user, fetched once per page load and again after sign-in or sign-out.
#[derive(Clone, Copy)]
pub struct Auth {
    pub me: Resource<Result<Option<Viewer>, AppError>>,
    pub version: RwSignal<u32>,
}

impl Auth {
    /// Call after an action that changes who is signed in.
    pub fn changed(&self) {
        self.version.update(|v| *v += 1);
    }
}

/// The failed plain form post this page load came back from, if any.
#[derive(Clone, Copy)]
pub struct FlashResource(pub Resource<Option<Flash>>);

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let version = RwSignal::new(0u32);
    let auth = Auth {
        me: Resource::new(move || version.get(), |_| me()),
        version,
    };
    provide_context(auth);
    let flash = Resource::new(|| (), |_| async { take_flash().await.ok().flatten() });
    provide_context(FlashResource(flash));

    // Set once the WebAssembly has taken over the page; browser tests wait for it.
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));

    view! {
        <I18nContextProvider>
            <Link rel="icon" href="/favicon.svg" type_="image/svg+xml"/>
            <Title formatter=|page: String| {
                crate::components::server_escaped(
                    if page.is_empty() { "JuryDesk".to_string() } else { format!("{page} · JuryDesk") },
                )
            }/>
            <Router>
                <div class="page" data-hydrated=move || hydrated.get().to_string()>
                    <SiteHeader/>
                    <main id="main" tabindex="-1">
                        <Routes fallback=pages::errors::NotFoundPage>
                            <Route path=path!("/") view=pages::home::HomePage ssr=SsrMode::Async/>
                            <Route path=path!("/contests") view=pages::home::HomePage ssr=SsrMode::Async/>
                            <Route path=path!("/contests/:code") view=pages::contests::ContestPage ssr=SsrMode::Async/>
                            <Route path=path!("/signin") view=pages::accounts::SignInPage ssr=SsrMode::Async/>
                            <Route path=path!("/signup") view=pages::accounts::SignUpPage ssr=SsrMode::Async/>
                            <Route path=path!("/confirm") view=pages::accounts::ConfirmPage ssr=SsrMode::Async/>
                            <Route path=path!("/forgot") view=pages::accounts::ForgotPage ssr=SsrMode::Async/>
                            <Route path=path!("/reset") view=pages::accounts::ResetPage ssr=SsrMode::Async/>
                            <Route path=path!("/invite") view=pages::invitations::InvitationPage ssr=SsrMode::Async/>
                            <Route path=path!("/account") view=pages::accounts::AccountPage ssr=SsrMode::Async/>
                            <Route path=path!("/admin") view=pages::admin::AdminPage ssr=SsrMode::Async/>
                            <Route path=path!("/admin/outbox") view=pages::admin::OutboxPage ssr=SsrMode::Async/>
                            <Route path=path!("/admin/audit") view=pages::audit::AuditPage ssr=SsrMode::Async/>
                            <Route path=path!("/contests/:code/audit") view=pages::audit::AuditPage ssr=SsrMode::Async/>
                            <Route path=path!("/contests/:code/entries") view=pages::entries::ContestEntriesPage ssr=SsrMode::Async/>
                            <Route path=path!("/contests/:code/rounds") view=pages::rounds::RoundsPage ssr=SsrMode::Async/>
                            <Route path=path!("/contests/:code/import") view=pages::import::ContestImportPage ssr=SsrMode::Async/>
                            <Route path=path!("/contests/:code/form") view=pages::form_fields::ContestFormPage ssr=SsrMode::Async/>
                            <Route path=path!("/contests/:code/judges") view=pages::judges::JuryPage ssr=SsrMode::Async/>
                            <Route path=path!("/contests/:code/conflicts") view=pages::conflicts::ConflictsPage ssr=SsrMode::Async/>
                            <Route path=path!("/contests/:code/rounds/:position/assignment") view=pages::assignment::AssignmentPage ssr=SsrMode::Async/>
                            <Route path=path!("/judging") view=pages::judging::WorkspacePage ssr=SsrMode::Async/>
                            <Route path=path!("/judging/:code/conflicts") view=pages::conflicts::DeclarePage ssr=SsrMode::Async/>
                            <Route path=path!("/judging/:code/rounds/:position/:entry") view=pages::sheets::SheetPage ssr=SsrMode::Async/>
                            <Route path=path!("/contests/:code/rounds/:position/entries/:entry") view=pages::sheets::EntrySheetsPage ssr=SsrMode::Async/>
                            <Route path=path!("/contests/:code/rounds/:position/progress") view=pages::progress::ProgressPage ssr=SsrMode::Async/>
                            <Route path=path!("/contests/:code/rounds/:position/discrepancies") view=pages::discrepancies::DiscrepanciesPage ssr=SsrMode::Async/>
                            <Route path=path!("/contests/:code/rounds/:position/ranking") view=pages::ranking::RankingPage ssr=SsrMode::Async/>
                            <Route path=path!("/contests/:code/rounds/:position/score-table") view=pages::score_table::ScoreTablePage ssr=SsrMode::Async/>
                            <Route path=path!("/contests/:code/results") view=pages::public_results::PublicResultsPage ssr=SsrMode::Async/>
                            <Route path=path!("/contests/:code/certificates") view=pages::score_table::CertificatesPage ssr=SsrMode::Async/>
                            <Route path=path!("/contests/:code/api") view=pages::api_tokens::ApiTokensPage ssr=SsrMode::Async/>
                            <Route path=path!("/entries") view=pages::entries::MyEntriesPage ssr=SsrMode::Async/>
                            <Route path=path!("/entries/:code") view=pages::entries::EntryPage ssr=SsrMode::Async/>
                        </Routes>
                    </main>
                    <footer class="site-footer">
                        <p>{t!(use_i18n(), tagline)}</p>
                    </footer>
                </div>
            </Router>
        </I18nContextProvider>
    }
}
