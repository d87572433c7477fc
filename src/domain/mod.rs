//! The shop's own vocabulary: orders, couriers, flags, money, Beijing times and the rules that check input.
//! Every other layer depends on this one; it depends on nothing of ours and does no I/O.

pub mod arena;
pub mod courier;
pub mod csv_rows;
pub mod flag;
pub mod goods;
pub mod group;
pub mod money;
pub mod note;
pub mod numbered;
pub mod order;
pub mod request;
pub mod row;
pub mod search;
pub mod ship_check;
pub mod text;
pub mod time;
pub mod validate;

pub use courier::Courier;
pub use flag::Flag;
pub use money::Fen;
pub use order::{Item, Order, OrderTag};
pub use request::{NoteRequest, Redelivery, ShipRequest};
pub use row::{Change, OrderRow};
pub use validate::ValidationError;
