//! The page's one state: the spec being edited, which principal is selected, and the edit history
//! behind undo and redo. Components reach it through the [`Editor`] context.

use leptos::prelude::*;
use policy::spec::Spec;

/// How many edits undo can step back through.
const HISTORY_LIMIT: usize = 100;

/// Earlier and undone specs.
#[derive(Debug, Default)]
struct History {
    undo: Vec<Spec>,
    redo: Vec<Spec>,
}

/// The spec and everything that edits it; `Copy`, so closures take it freely.
#[derive(Debug, Clone, Copy)]
pub struct Editor {
    spec: RwSignal<Spec>,
    /// The index of the principal whose capabilities and policies are shown.
    pub selected: RwSignal<usize>,
    history: StoredValue<History>,
    can_undo: RwSignal<bool>,
    can_redo: RwSignal<bool>,
}

impl Editor {
    pub fn new(spec: Spec) -> Self {
        Self {
            spec: RwSignal::new(spec),
            selected: RwSignal::new(0),
            history: StoredValue::new(History::default()),
            can_undo: RwSignal::new(false),
            can_redo: RwSignal::new(false),
        }
    }

    /// The spec, read-only; every change goes through [`Editor::edit`] so undo sees it.
    pub fn spec(&self) -> ReadSignal<Spec> {
        self.spec.read_only()
    }

    /// Applies one edit as one undo step; an edit that changes nothing leaves the history alone.
    pub fn edit(&self, change: impl FnOnce(&mut Spec)) {
        let before = self.spec.get_untracked();
        let mut changed = false;
        // Changed in place, so a large spec is copied once, for the history.
        self.spec.maybe_update(|spec| {
            change(spec);
            changed = *spec != before;
            changed
        });
        if !changed {
            return;
        }
        self.history.update_value(|history| {
            history.undo.push(before);
            if history.undo.len() > HISTORY_LIMIT {
                history.undo.remove(0);
            }
            history.redo.clear();
        });
        self.sync_flags();
    }

    /// Replaces the whole spec (a preset, a share link) as one undoable step.
    pub fn replace(&self, spec: Spec) {
        self.edit(|current| *current = spec);
        self.clamp_selection();
    }

    pub fn undo(&self) {
        let current = self.spec.get_untracked();
        let previous = self.history.try_update_value(|history| {
            let previous = history.undo.pop()?;
            history.redo.push(current);
            Some(previous)
        });
        if let Some(Some(previous)) = previous {
            self.spec.set(previous);
            self.clamp_selection();
            self.sync_flags();
        }
    }

    pub fn redo(&self) {
        let current = self.spec.get_untracked();
        let next = self.history.try_update_value(|history| {
            let next = history.redo.pop()?;
            history.undo.push(current);
            Some(next)
        });
        if let Some(Some(next)) = next {
            self.spec.set(next);
            self.clamp_selection();
            self.sync_flags();
        }
    }

    pub fn can_undo(&self) -> bool {
        self.can_undo.get()
    }

    pub fn can_redo(&self) -> bool {
        self.can_redo.get()
    }

    fn sync_flags(&self) {
        let (undo, redo) = self
            .history
            .with_value(|history| (!history.undo.is_empty(), !history.redo.is_empty()));
        self.can_undo.set(undo);
        self.can_redo.set(redo);
    }

    /// Keeps the selection on an existing principal after one is removed or the spec replaced.
    fn clamp_selection(&self) {
        let count = self.spec.with_untracked(|spec| spec.principals.len());
        if self.selected.get_untracked() >= count {
            self.selected.set(count.saturating_sub(1));
        }
    }

    /// Call after removing principals so the selection stays valid.
    pub fn after_remove(&self) {
        self.clamp_selection();
    }
}
