//! Clients of the three services in front of PDD's open platform: the fw199 partner gateway, the
//! pddshuju gateway and the waybill service. Signing, envelopes, typed models, errors. No UI code.

pub mod error;
pub mod fw199;
pub mod gateway;
pub mod http;
pub mod lenient;
pub mod merge;
pub mod pddshuju;
pub mod rate;
pub mod secret;
pub mod sign;
pub mod vocab;
pub mod waybill;
pub mod window;

pub use error::ApiError;
pub use gateway::{Gateway, GatewayKind};
pub use http::HttpOptions;
pub use secret::Secret;
pub use vocab::{CONCURRENCY, Capabilities, PageSink, ShipOutcome, StatusFilter};
