//! The order queue and detail screens: the loaded orders (order_list, details), what is derived from them (memo,
//! rows, filter), what their keys do (actions) and the fetch results folded in (fetched).

pub mod derive;
pub mod details;
pub mod facets;
pub mod filter;
pub mod groups;
pub mod memo;
pub mod order_list;
pub mod rows;
pub mod split;
pub mod state;
pub mod worker;
