//! Protocol revisions and version negotiation.

use std::fmt;

/// A revision of the Model Context Protocol.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum ProtocolVersion {
    /// The first public revision; HTTP+SSE transport.
    V2024_11_05,
    /// Streamable HTTP, JSON-RPC batches, tool annotations.
    V2025_03_26,
    /// Structured tool output, elicitation; batches removed.
    V2025_06_18,
    /// Icons, titles everywhere, URL elicitation, tasks.
    V2025_11_25,
    /// The stateless revision: no `initialize`, `_meta` on every request.
    V2026_07_28,
}

impl ProtocolVersion {
    /// Every revision this runtime knows, oldest first.
    pub const ALL: [ProtocolVersion; 5] =
        [Self::V2024_11_05, Self::V2025_03_26, Self::V2025_06_18, Self::V2025_11_25, Self::V2026_07_28];

    /// The newest revision that is negotiated through `initialize`.
    pub const LATEST_SESSION: ProtocolVersion = Self::V2025_11_25;

    /// The revision's date string, as it appears on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::V2024_11_05 => "2024-11-05",
            Self::V2025_03_26 => "2025-03-26",
            Self::V2025_06_18 => "2025-06-18",
            Self::V2025_11_25 => "2025-11-25",
            Self::V2026_07_28 => "2026-07-28",
        }
    }

    /// Parses a revision date string.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }

    /// The revision answered to an `initialize` that asked for `requested`:
    /// the same revision when it is a session-era one we speak, else the latest
    /// session-era revision (the client then decides whether to disconnect).
    pub fn negotiate(requested: &str) -> Self {
        match Self::parse(requested) {
            Some(v) if v.uses_initialize() => v,
            _ => Self::LATEST_SESSION,
        }
    }

    /// Whether this revision starts with an `initialize` handshake.
    pub fn uses_initialize(self) -> bool {
        self < Self::V2026_07_28
    }

    /// Whether JSON-RPC batch arrays are part of this revision (2025-03-26 only).
    pub fn allows_batches(self) -> bool {
        self == Self::V2025_03_26
    }

    /// Whether tools may declare `outputSchema` and return `structuredContent`.
    pub fn has_structured_output(self) -> bool {
        self >= Self::V2025_06_18
    }
}

impl fmt::Display for ProtocolVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiation_echoes_known_session_revisions() {
        for v in ["2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"] {
            assert_eq!(ProtocolVersion::negotiate(v).as_str(), v);
        }
    }

    #[test]
    fn negotiation_falls_back_to_latest_session_revision() {
        assert_eq!(ProtocolVersion::negotiate("1999-01-01"), ProtocolVersion::V2025_11_25);
        assert_eq!(ProtocolVersion::negotiate("2026-07-28"), ProtocolVersion::V2025_11_25);
    }

    #[test]
    fn only_2025_03_26_allows_batches() {
        let batching: Vec<_> = ProtocolVersion::ALL.into_iter().filter(|v| v.allows_batches()).collect();
        assert_eq!(batching, [ProtocolVersion::V2025_03_26]);
    }
}
