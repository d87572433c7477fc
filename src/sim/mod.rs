//! `pddtui sim`: a faithful simulator of fw199, pddshuju and the waybill service over real HTTP.
//! Depends on `domain` only; it checks signatures with its own code, never the client's. STUB.
