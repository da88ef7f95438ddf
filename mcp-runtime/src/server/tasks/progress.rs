//! A task's progress as its status message: the tool reports progress as
//! in any call (`ctx.progress`), and, since a task sends no notifications,
//! the latest report becomes the `statusMessage` that `tasks/get` shows.

use std::sync::Mutex;

use serde::Deserialize;

use crate::protocol::Outbound;
use crate::util::MutexExt;

/// The latest progress a task's tool reported, not yet recorded.
#[derive(Default)]
pub(crate) struct LatestProgress(Mutex<Option<String>>);

impl LatestProgress {
    /// The report since the last call, if any.
    pub(crate) fn take(&self) -> Option<String> {
        self.0.locked().take()
    }
}

#[derive(Deserialize)]
struct Progress {
    params: Params,
}

#[derive(Deserialize)]
struct Params {
    progress: f64,
    total: Option<f64>,
    message: Option<String>,
}

/// The sink of a task's context: it keeps progress reports and drops the
/// rest (log messages have no place in a task).
impl Outbound for LatestProgress {
    fn send(&self, frame: Vec<u8>) {
        let Ok(Progress { params }) = serde_json::from_slice::<Progress>(&frame) else { return };
        let shown = match (params.message, params.total) {
            (Some(message), _) => message,
            (None, Some(total)) => format!("{} of {total}", params.progress),
            (None, None) => format!("{}", params.progress),
        };
        *self.0.locked() = Some(shown.chars().take(1024).collect());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_latest_report_wins_and_log_messages_are_dropped() {
        let latest = LatestProgress::default();
        latest.send(br#"{"method":"notifications/progress","params":{"progress":1,"total":4}}"#.to_vec());
        latest.send(br#"{"method":"notifications/progress","params":{"progress":2,"message":"half"}}"#.to_vec());
        latest.send(br#"{"method":"notifications/message","params":{"level":"info","data":"x"}}"#.to_vec());
        assert_eq!(latest.take().as_deref(), Some("half"));
        assert_eq!(latest.take(), None);
    }
}
