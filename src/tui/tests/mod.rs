//! Tests of `update` and the dialogs without a terminal.

mod attention;
mod blocked;
mod dialog_props;
mod dialogs;
mod error_texts;
mod groups;
mod import;
mod keymap_sections;
mod notes;
mod pddshuju;
mod recovery;
mod refresh;
mod selection;
mod ship_info;
mod truths;
mod update;
