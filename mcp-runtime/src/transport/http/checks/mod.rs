//! What a request must pass before it reaches the protocol: the `Host`
//! and `Origin` guard and content negotiation, the body limits, the MCP
//! headers and the params they mirror, and the bearer token (checked
//! against the resource URLs of [`crate::authorization`]).

pub(super) mod bearer;
pub(super) mod body;
pub(super) mod caller;
pub(super) mod guard;
pub(super) mod headers;
pub(super) mod params_view;
