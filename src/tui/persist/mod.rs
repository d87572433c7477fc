//! What survives a run: drafts and the last courier (drafts), written as they change (autosave).

pub mod autosave;
pub mod drafts;
