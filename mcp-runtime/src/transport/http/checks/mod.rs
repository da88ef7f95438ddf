//! What a request must pass before it reaches the protocol: the `Host`
//! and `Origin` guard and content negotiation, the body limits, the MCP
//! headers and the params they mirror, and the bearer token with the
//! resource URLs its audience is checked against.

pub(super) mod bearer;
pub(super) mod body;
pub(super) mod caller;
pub(super) mod guard;
pub(super) mod headers;
pub(super) mod params_view;
pub(super) mod resource_url;
