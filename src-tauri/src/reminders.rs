//! Daily reminders: while the app is open and reminders are on (Settings; off by default), once
//! a day an OS notification sums up the "this week" items that are new since the last reminder
//! (`firstgoal_core::week::new_since`). A click on it — reported by the notification server
//! through tauri-plugin-notification's action handler, where the server supports the default
//! action — brings the window forward, and the window then shows "This week".

use std::sync::atomic::Ordering;
use std::time::Duration;

use chrono::NaiveDate;
use firstgoal_core::{today, week};
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_notification::NotificationExt;

use crate::settings;
use crate::state::AppState;

/// The first check waits until the window, the list and the daily backup are up.
const FIRST_CHECK_AFTER: Duration = Duration::from_secs(20);
/// Later checks: a new day begins while the app stays open.
const CHECK_EVERY: Duration = Duration::from_secs(60 * 60);

/// One check at a time (the hourly one and the one after turning reminders on).
static CHECKING: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Whether a reminder check is due on `today`: reminders on, and none checked today yet.
pub fn due(on: bool, last: Option<NaiveDate>, today: NaiveDate) -> bool {
    on && last.is_none_or(|day| day < today)
}

/// Listens for clicks on the reminders and starts the hourly checks.
pub fn start<R: Runtime>(app: &AppHandle<R>) {
    let handle = app.clone();
    let listening = app.notification().on_action(move |_| {
        handle
            .state::<AppState>()
            .week_requested
            .store(true, Ordering::SeqCst);
        if let Some(window) = handle.get_webview_window("main") {
            let _ = window.unminimize();
            let _ = window.show();
            let _ = window.set_focus();
        }
    });
    if let Err(err) = listening {
        eprintln!("FirstGoal: clicks on reminders cannot be followed: {err}");
    }
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        tokio::time::sleep(FIRST_CHECK_AFTER).await;
        loop {
            check(&app).await;
            tokio::time::sleep(CHECK_EVERY).await;
        }
    });
}

/// A check right away (reminders just turned on).
pub fn check_soon<R: Runtime>(app: AppHandle<R>) {
    tauri::async_runtime::spawn(async move { check(&app).await });
}

async fn check<R: Runtime>(app: &AppHandle<R>) {
    let _one = CHECKING.lock().await;
    let chosen = settings::load(app);
    let last = settings::last_reminder(app);
    let today = today();
    if !due(chosen.reminders, last, today) {
        return;
    }
    let state = app.state::<AppState>();
    let Ok(db) = state.db().await else {
        return;
    };
    let fresh = match week::new_since(&db, last, today).await {
        Ok(fresh) => fresh,
        Err(err) => {
            eprintln!("FirstGoal: the reminder could not be prepared: {err}");
            return;
        }
    };
    if let Err(err) = settings::set_last_reminder(app, today) {
        eprintln!("FirstGoal: the reminder's day could not be saved: {err}");
    }
    if let Some((title, body)) = week::reminder_text(&fresh, chosen.language) {
        let shown = app.notification().builder().title(title).body(body).show();
        if let Err(err) = shown {
            eprintln!("FirstGoal: the reminder could not be shown: {err}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::due;
    use chrono::NaiveDate;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("a date")
    }

    #[test]
    fn at_most_once_a_day_and_only_when_turned_on() {
        assert!(!due(false, None, d("2026-03-02")));
        assert!(due(true, None, d("2026-03-02")));
        assert!(due(true, Some(d("2026-03-01")), d("2026-03-02")));
        assert!(!due(true, Some(d("2026-03-02")), d("2026-03-02")));
        // A clock set back does not repeat a reminder.
        assert!(!due(true, Some(d("2026-03-03")), d("2026-03-02")));
    }
}
