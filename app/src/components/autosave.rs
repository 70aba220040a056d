//! Autosave for a form posted through a `ServerAction`: a save a moment after the last
//! keystroke, again when a lost connection comes back, and never two at once. Without
//! JavaScript none of this runs and the form's Save button posts it.

use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// The autosave of one form.
#[derive(Clone, Copy)]
pub struct Autosave {
    form: NodeRef<leptos::html::Form>,
    /// Typed since the last save began (or a save failed and must be sent again).
    dirty: StoredValue<bool>,
    timer: StoredValue<Option<TimeoutHandle>>,
    pending: Signal<bool>,
    delay: std::time::Duration,
}

impl Autosave {
    /// Autosave for the form `form`, whose saves go through `action`, `delay` after typing.
    pub fn new<S>(
        form: NodeRef<leptos::html::Form>,
        action: ServerAction<S>,
        delay: std::time::Duration,
    ) -> Self
    where
        S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
        S::Output: Clone + Send + Sync + 'static,
    {
        let pending = action.pending();
        let this = Autosave {
            form,
            dirty: StoredValue::new(false),
            timer: StoredValue::new(None),
            pending: Signal::derive(move || pending.get()),
            delay,
        };
        // A lost connection came back: send what was typed meanwhile.
        let _online = window_event_listener(leptos::ev::online, move |_| {
            if this.dirty.get_value() {
                this.save_now();
            }
        });
        this
    }

    /// Posts the form now.
    pub fn save_now(self) {
        if let Some(form) = self.form.get_untracked() {
            self.dirty.set_value(false);
            let _ = form.request_submit();
        }
    }

    /// Something was typed: save `delay` after the last keystroke, or after the save in
    /// flight.
    pub fn typed(self) {
        self.dirty.set_value(true);
        if let Some(t) = self.timer.get_value() {
            t.clear();
        }
        let later = set_timeout_with_handle(
            move || {
                if !self.pending.get_untracked() {
                    self.save_now();
                }
            },
            self.delay,
        );
        self.timer.set_value(later.ok());
    }

    /// A save was answered: if more was typed meanwhile, save that too.
    pub fn answered(self) {
        if self.dirty.get_value() && !self.pending.get_untracked() {
            self.typed();
        }
    }

    /// The last save did not reach the server: keep it owed, for when the connection returns.
    pub fn failed(self) {
        self.dirty.set_value(true);
    }
}
