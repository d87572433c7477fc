//! Request ids: each effect that answers later carries one, so a result nobody waits for any more is dropped.

/// Identifies one request, so that a result nobody waits for any more can be dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ReqId(pub u64);
