//! Time-to-value definitions on hand-computed cases, and the percentile maths.

use firstgoal_core::ttv::{Pause, Ttv, measure, median, paused_days, percentile};

use crate::d;

fn pause(start: &str, end: Option<&str>) -> Pause {
    Pause {
        start: d(start),
        end: end.map(d),
    }
}

#[test]
fn finished_ttv_counts_days_from_start_to_end() {
    // 10 January → 9 February: 21 days left in January (10..31) + 9 = 30.
    let t = measure(d("2026-01-10"), Some(d("2026-02-09")), &[], d("2026-06-01"));
    assert_eq!(
        t,
        Ttv {
            days: 30,
            finished: true
        }
    );
    // Month end and leap day: 31 January 2024 → 29 February 2024 is 29 days.
    let t = measure(d("2024-01-31"), Some(d("2024-02-29")), &[], d("2026-01-01"));
    assert_eq!(t.days, 29);
    // Across a year end: 15 December 2025 → 15 January 2026 is 31 days.
    assert_eq!(
        measure(d("2025-12-15"), Some(d("2026-01-15")), &[], d("2026-02-01")).days,
        31
    );
    // Achieved the same day: 0; an end before the start never gives a negative TTV.
    assert_eq!(
        measure(d("2026-03-01"), Some(d("2026-03-01")), &[], d("2026-04-01")).days,
        0
    );
    assert_eq!(
        measure(d("2026-03-01"), Some(d("2026-02-01")), &[], d("2026-04-01")).days,
        0
    );
}

#[test]
fn unfinished_ttv_is_the_time_so_far() {
    let t = measure(d("2026-01-01"), None, &[], d("2026-01-31"));
    assert_eq!(
        t,
        Ttv {
            days: 30,
            finished: false
        }
    );
    // A project whose start is still ahead has 0 days so far.
    assert_eq!(measure(d("2026-05-01"), None, &[], d("2026-04-01")).days, 0);
}

#[test]
fn on_hold_periods_pause_the_clock() {
    // 1 March → 31 March = 30 days; on hold 10 → 15 March pauses 5 days.
    let holds = [pause("2026-03-10", Some("2026-03-15"))];
    assert_eq!(
        measure(
            d("2026-03-01"),
            Some(d("2026-03-31")),
            &holds,
            d("2026-05-01")
        )
        .days,
        25
    );
    // Overlapping holds pause each day once: 10..15 and 12..20 cover 10..20 = 10 days.
    let holds = [
        pause("2026-03-12", Some("2026-03-20")),
        pause("2026-03-10", Some("2026-03-15")),
    ];
    assert_eq!(paused_days(d("2026-03-01"), d("2026-03-31"), &holds), 10);
    // A hold that began before the start or runs past the end counts only inside the period.
    let holds = [
        pause("2026-02-20", Some("2026-03-03")),
        pause("2026-03-29", Some("2026-04-10")),
    ];
    assert_eq!(paused_days(d("2026-03-01"), d("2026-03-31"), &holds), 4);
    // An open hold pauses until today for an unfinished project: 1 → 21 March is 20 days,
    // on hold since 11 March: 10 days so far.
    let holds = [pause("2026-03-11", None)];
    let t = measure(d("2026-03-01"), None, &holds, d("2026-03-21"));
    assert_eq!(
        t,
        Ttv {
            days: 10,
            finished: false
        }
    );
    // A hold entirely after the end changes nothing.
    let holds = [pause("2026-04-05", Some("2026-04-09"))];
    assert_eq!(
        measure(
            d("2026-03-01"),
            Some(d("2026-03-31")),
            &holds,
            d("2026-05-01")
        )
        .days,
        30
    );
}

#[test]
fn percentiles_interpolate_linearly_between_closest_ranks() {
    assert_eq!(percentile(&[], 0.5), None);
    assert_eq!(percentile(&[7.0], 0.9), Some(7.0));
    let v = [10.0, 20.0, 30.0, 40.0];
    // h = (n-1)p: median h = 1.5 → 25; p75 h = 2.25 → 32.5; p90 h = 2.7 → 37.
    assert_eq!(median(&v), Some(25.0));
    assert_eq!(percentile(&v, 0.75), Some(32.5));
    let p90 = percentile(&v, 0.9).expect("p90");
    assert!((p90 - 37.0).abs() < 1e-9, "{p90}");
    assert_eq!(percentile(&v, 0.0), Some(10.0));
    assert_eq!(percentile(&v, 1.0), Some(40.0));
    // Odd count: the median is the middle value.
    assert_eq!(median(&[3.0, 9.0, 30.0]), Some(9.0));
    // 1..=10: p90 h = 8.1 → 9.1.
    let ten: Vec<f64> = (1..=10).map(f64::from).collect();
    let p = percentile(&ten, 0.9).expect("p90");
    assert!((p - 9.1).abs() < 1e-9, "{p}");
    assert_eq!(percentile(&ten, 1.5), None);
}
