//! Small future combinators the request path needs, kept here so that a
//! stdio-only build compiles neither futures-util nor tokio's macros.

use std::future::Future;
use std::task::Poll;

use tokio_util::sync::CancellationToken;

/// Runs `future`, turning a panic inside its `poll` into an `Err` with the
/// panic's payload.
pub(crate) async fn catch_unwind<F: Future>(future: F) -> Result<F::Output, Box<dyn std::any::Any + Send>> {
    let mut future = std::pin::pin!(future);
    std::future::poll_fn(move |cx| {
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| future.as_mut().poll(cx))) {
            Ok(Poll::Pending) => Poll::Pending,
            Ok(Poll::Ready(v)) => Poll::Ready(Ok(v)),
            Err(payload) => Poll::Ready(Err(payload)),
        }
    })
    .await
}

/// Runs the futures concurrently, and gives their outputs in their order.
/// Every unfinished future is polled on each wake, which suits the few of a
/// batch (at most `max_in_flight`), not thousands.
pub(crate) async fn join_all<F: Future>(futures: impl IntoIterator<Item = F>) -> Vec<F::Output> {
    let mut running: Vec<_> = futures.into_iter().map(|f| Some(Box::pin(f))).collect();
    let mut outputs: Vec<Option<F::Output>> = running.iter().map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut pending = false;
        for (slot, output) in running.iter_mut().zip(outputs.iter_mut()) {
            let Some(future) = slot else { continue };
            match future.as_mut().poll(cx) {
                Poll::Ready(value) => {
                    *output = Some(value);
                    *slot = None;
                }
                Poll::Pending => pending = true,
            }
        }
        if pending {
            Poll::Pending
        } else {
            Poll::Ready(())
        }
    })
    .await;
    outputs.into_iter().flatten().collect()
}

/// Which of two futures finished first.
pub(crate) enum Either<A, B> {
    /// The first.
    Left(A),
    /// The second.
    Right(B),
}

/// Runs both futures, and gives the output of the first to finish; the
/// other is dropped. `first` is polled first on every wake, so it wins a tie.
pub(crate) async fn race<A: Future, B: Future>(first: A, second: B) -> Either<A::Output, B::Output> {
    let mut first = std::pin::pin!(first);
    let mut second = std::pin::pin!(second);
    std::future::poll_fn(|cx| {
        if let Poll::Ready(value) = first.as_mut().poll(cx) {
            return Poll::Ready(Either::Left(value));
        }
        second.as_mut().poll(cx).map(Either::Right)
    })
    .await
}

/// Runs `work` unless `cancel` fires first (it wins a tie): `None` then.
pub(crate) async fn unless_cancelled<F: Future>(cancel: &CancellationToken, work: F) -> Option<F::Output> {
    match race(cancel.cancelled(), work).await {
        Either::Left(()) => None,
        Either::Right(value) => Some(value),
    }
}

#[cfg(test)]
mod tests {
    use std::future::Future;
    use std::pin::Pin;

    type Boxed = Pin<Box<dyn Future<Output = u8> + Send>>;

    #[tokio::test]
    async fn join_all_runs_the_futures_together_and_keeps_their_order() {
        let (tx, rx) = tokio::sync::oneshot::channel::<u8>();
        // The first waits for the second: run one after the other, they would hang.
        let first: Boxed = Box::pin(async move { rx.await.unwrap_or(0) });
        let second: Boxed = Box::pin(async move {
            let _ = tx.send(7);
            2
        });
        assert_eq!(super::join_all([first, second]).await, [7, 2]);
        assert!(super::join_all(Vec::<Boxed>::new()).await.is_empty());
    }

    #[tokio::test]
    async fn catch_unwind_turns_a_panic_into_its_payload() {
        assert_eq!(super::catch_unwind(async { 3 }).await.ok(), Some(3));
        let panicked = super::catch_unwind(async { panic!("boom") }).await;
        let payload = panicked.err().and_then(|p| p.downcast_ref::<&str>().copied());
        assert_eq!(payload, Some("boom"));
    }

    #[tokio::test]
    async fn race_gives_the_first_to_finish_and_the_first_wins_a_tie() {
        let never = std::future::pending::<u8>();
        assert!(matches!(super::race(never, async { 2 }).await, super::Either::Right(2)));
        assert!(matches!(super::race(async { 1 }, async { 2 }).await, super::Either::Left(1)));
    }

    #[tokio::test]
    async fn cancellation_wins_over_finished_work() {
        let cancel = tokio_util::sync::CancellationToken::new();
        assert_eq!(super::unless_cancelled(&cancel, async { 5 }).await, Some(5));
        cancel.cancel();
        assert_eq!(super::unless_cancelled(&cancel, async { 5 }).await, None);
    }
}
