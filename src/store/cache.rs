//! The offline cache: the last synced queue and the details read, so the workstation starts at once and
//! stays readable with the gateway down. STUB until the cache work lands.
