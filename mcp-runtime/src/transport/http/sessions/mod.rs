//! What the HTTP transports keep between requests: the session tables,
//! each session's answer streams and the sinks that feed them, and the
//! event log that lets a client resume a stream.

pub(super) mod answers;
pub(super) mod resumption;
pub(super) mod sinks;
pub(super) mod state;
pub(super) mod table;
