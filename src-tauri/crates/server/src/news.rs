//! Telling waiting pulls of news. A push that stores changes sends `NOTIFY firstgoal_changes,
//! '<team id>'` in its transaction, so PostgreSQL delivers it at commit to every server process on
//! the database. Each process listens with one connection ([`News::start`]) and fans the team ids
//! out to its waiting requests over a broadcast channel; a request waits for its own team's id (or
//! for "everyone": the listener lost its connection and may have missed some), then queries again.

use std::time::Duration;

use sqlx::PgPool;
use sqlx::postgres::PgListener;
use tokio::sync::{broadcast, watch};
use uuid::Uuid;

/// The channel pushes notify on; the payload is the team's id.
pub const CHANNEL: &str = "firstgoal_changes";

/// How long the listener waits before connecting again after losing its connection.
const RECONNECT_AFTER: Duration = Duration::from_secs(1);

/// Something a waiting request may want to look at again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wake {
    /// A push of this team committed changes.
    Team(Uuid),
    /// Notifications may have been missed (the listener reconnected): every waiter looks again.
    Everyone,
}

/// The news of this process: notifications of committed pushes, and whether it is shutting down.
#[derive(Debug, Clone)]
pub struct News {
    wakes: broadcast::Sender<Wake>,
    closing: watch::Sender<bool>,
}

impl News {
    /// Starts listening on [`CHANNEL`] with one connection of `pool` (held as long as the process
    /// runs, taken again after a loss).
    pub fn start(pool: PgPool) -> News {
        let news = News::quiet();
        tokio::spawn(listen(pool, news.wakes.clone()));
        news
    }

    /// News that never comes except shutdown: for a router without a listener.
    pub fn quiet() -> News {
        let (wakes, _) = broadcast::channel(1024);
        let (closing, _) = watch::channel(false);
        News { wakes, closing }
    }

    /// Ends every wait now and every later one at once: the process is shutting down and its open
    /// requests should answer before the graceful shutdown's deadline.
    pub fn close(&self) {
        self.closing.send_replace(true);
    }

    /// A waiter of `team`'s news; subscribe before looking at the data, so no commit between the
    /// look and the wait is missed.
    pub fn waiter(&self, team: Uuid) -> Waiter {
        Waiter {
            team,
            wakes: self.wakes.subscribe(),
            closing: self.closing.subscribe(),
        }
    }
}

/// One waiting request's ear.
#[derive(Debug)]
pub struct Waiter {
    team: Uuid,
    wakes: broadcast::Receiver<Wake>,
    closing: watch::Receiver<bool>,
}

impl Waiter {
    /// Whether the process is shutting down (then nothing should wait).
    pub fn closing(&self) -> bool {
        *self.closing.borrow()
    }

    /// Returns when the team may have news, the process shuts down, or `deadline` passes.
    pub async fn wait(&mut self, deadline: tokio::time::Instant) {
        if self.closing() {
            return;
        }
        let team = self.team;
        let wakes = &mut self.wakes;
        let news = async move {
            loop {
                match wakes.recv().await {
                    Ok(Wake::Team(t)) if t != team => continue,
                    // This team, everyone, or missed messages (lagged): look again.
                    Ok(_) | Err(broadcast::error::RecvError::Lagged(_)) => return,
                    Err(broadcast::error::RecvError::Closed) => std::future::pending().await,
                }
            }
        };
        tokio::select! {
            () = news => {}
            _ = self.closing.changed() => {}
            () = tokio::time::sleep_until(deadline) => {}
        }
    }
}

/// Listens for ever, connecting again after a loss; each (re)connection wakes everyone, since
/// notifications sent while it was away are lost.
async fn listen(pool: PgPool, wakes: broadcast::Sender<Wake>) {
    loop {
        match PgListener::connect_with(&pool).await {
            Ok(mut listener) => match listener.listen(CHANNEL).await {
                Ok(()) => {
                    let _ = wakes.send(Wake::Everyone);
                    forward(&mut listener, &wakes).await;
                }
                Err(e) => tracing::warn!(error = %e, "cannot listen for news"),
            },
            Err(e) => tracing::warn!(error = %e, "cannot connect to listen for news"),
        }
        let _ = wakes.send(Wake::Everyone);
        tokio::time::sleep(RECONNECT_AFTER).await;
    }
}

/// Forwards notifications until the connection fails.
async fn forward(listener: &mut PgListener, wakes: &broadcast::Sender<Wake>) {
    loop {
        match listener.try_recv().await {
            Ok(Some(n)) => match n.payload().parse() {
                Ok(team) => {
                    // No waiter is no error.
                    let _ = wakes.send(Wake::Team(team));
                }
                Err(_) => tracing::warn!(payload = n.payload(), "a notification of no team"),
            },
            Ok(None) => {
                tracing::warn!("the news listener lost its connection; reconnected");
                let _ = wakes.send(Wake::Everyone);
            }
            Err(e) => {
                tracing::warn!(error = %e, "the news listener failed");
                return;
            }
        }
    }
}
