//! pddtui: a terminal workstation for Pinduoduo shop operators, its gateways and its simulator.
//! Layers point down: faces (`tui`, `cli`) → `ops`, `store`, `api` → `domain`; `sim` → `domain` only.
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

pub mod api;
pub mod cli;
pub mod config;
pub mod domain;
pub mod i18n;
pub mod ops;
pub mod sim;
pub mod store;
pub mod tui;
