//! The logger [`Server::run`](crate::server::Server::run) installs: `tracing`
//! events to stderr (stdout carries only protocol messages), and the events
//! a handler emits to the client that called it.
//!
//! It is one small `tracing::Subscriber` rather than a `tracing-subscriber`
//! stack, which a stdio-only build would compile for these few lines. Spans
//! are not recorded: install your own subscriber (with
//! `tracing-opentelemetry`, say) to export them, and add
//! `handler::ClientLogLayer` (feature `tracing-subscriber`) to it.

use std::io::Write;
use std::time::{SystemTime, UNIX_EPOCH};

use tracing::level_filters::LevelFilter;
use tracing::span::{Attributes, Id, Record};
use tracing::subscriber::Interest;
use tracing::{Event, Level, Metadata, Subscriber};

use crate::handler::trace_bridge;

/// Installs the logger as the global default, at the level in `RUST_LOG`
/// (`error`, `warn`, `info`, `debug`, `trace`; default `info`). Does
/// nothing if a global subscriber is already set.
pub(crate) fn install() {
    let level = std::env::var("RUST_LOG").ok().and_then(|s| s.parse::<Level>().ok()).unwrap_or(Level::INFO);
    let _ = tracing::subscriber::set_global_default(StderrLog { level });
}

/// Events at `level` or more severe go to stderr; a handler's events down
/// to `debug` also go to its client, filtered there by the client's level.
struct StderrLog {
    level: Level,
}

impl StderrLog {
    fn to_stderr(&self, meta: &Metadata<'_>) -> bool {
        *meta.level() <= self.level
    }

    fn to_client(meta: &Metadata<'_>) -> bool {
        *meta.level() <= Level::DEBUG && trace_bridge::from_a_handler(meta)
    }
}

impl Subscriber for StderrLog {
    fn register_callsite(&self, meta: &'static Metadata<'static>) -> Interest {
        if self.enabled(meta) {
            Interest::always()
        } else {
            Interest::never()
        }
    }

    fn enabled(&self, meta: &Metadata<'_>) -> bool {
        meta.is_event() && (self.to_stderr(meta) || Self::to_client(meta))
    }

    fn max_level_hint(&self) -> Option<LevelFilter> {
        Some(LevelFilter::from_level(self.level.max(Level::DEBUG)))
    }

    fn new_span(&self, _: &Attributes<'_>) -> Id {
        // Spans are disabled by `enabled`; a span made anyway is not tracked.
        Id::from_u64(1)
    }

    fn record(&self, _: &Id, _: &Record<'_>) {}

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let meta = event.metadata();
        if Self::to_client(meta) {
            trace_bridge::forward(event);
        }
        if self.to_stderr(meta) {
            let line = format!(
                "{} {:>5} {}: {}\n",
                utc_timestamp(SystemTime::now()),
                meta.level(),
                meta.target(),
                trace_bridge::event_text(event)
            );
            // One write per line, so that lines from two threads do not mix.
            let _ = std::io::stderr().lock().write_all(line.as_bytes());
        }
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

/// `2026-12-02T13:30:26.123456Z`: RFC 3339 in UTC, to the microsecond.
fn utc_timestamp(now: SystemTime) -> String {
    let since_epoch = now.duration_since(UNIX_EPOCH).unwrap_or_default();
    let seconds = since_epoch.as_secs();
    let (year, month, day) = civil_date(seconds / 86_400);
    let in_day = seconds % 86_400;
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:06}Z",
        in_day / 3600,
        in_day % 3600 / 60,
        in_day % 60,
        since_epoch.subsec_micros()
    )
}

/// The proleptic Gregorian date `days` after 1970-01-01 (Howard Hinnant's
/// `civil_from_days`, for dates from 1970 on).
fn civil_date(days: u64) -> (u64, u64, u64) {
    let shifted = days + 719_468; // days since 0000-03-01
    let era = shifted / 146_097;
    let day_of_era = shifted % 146_097;
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 { month_from_march + 3 } else { month_from_march - 9 };
    let year = year_of_era + era * 400 + u64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn timestamps_are_rfc3339_in_utc() {
        let at = |secs: u64, micros: u64| utc_timestamp(UNIX_EPOCH + Duration::from_micros(secs * 1_000_000 + micros));
        assert_eq!(at(0, 0), "1970-01-01T00:00:00.000000Z");
        assert_eq!(at(951_782_400, 7), "2000-02-29T00:00:00.000007Z");
        assert_eq!(at(1_798_761_599, 999_999), "2026-12-31T23:59:59.999999Z");
        assert_eq!(at(4_107_542_400, 0), "2100-03-01T00:00:00.000000Z");
    }
}
