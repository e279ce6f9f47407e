//! `week`: what needs attention this week, as the app's "This week" screen lists it.

use chrono::NaiveDate;
use clap::Args;
use firstgoal_core::week::{self, Week, WeekItem, WeekKind, WeekQuery};
use firstgoal_core::{CoreError, Db};

#[derive(Debug, Args)]
pub struct WeekArgs {
    /// Only the projects of the team member you said you are (Settings in the app).
    #[arg(long)]
    mine: bool,
    /// Judge on this date instead of today (YYYY-MM-DD).
    #[arg(long)]
    today: Option<NaiveDate>,
    /// Print the whole answer (counts and items) as JSON.
    #[arg(long)]
    json: bool,
}

/// What an item says, in one line of English.
fn describe(item: &WeekItem) -> String {
    let date = item.date.map(|d| d.to_string()).unwrap_or_default();
    let what = if item.title.is_empty() {
        item.horizon.map_or("", |h| h.as_str()).to_owned()
    } else {
        item.title.clone()
    };
    let people = item.names.join(", ");
    match item.kind {
        WeekKind::GoalOverdue => format!("first goal {what} was due {date}"),
        WeekKind::GoalDueSoon => format!("first goal {what} is due {date}"),
        WeekKind::GoalUndecided => {
            format!("first goal {what} was due {date}: achieved or missed?")
        }
        WeekKind::ActionOverdue => format!("action \"{what}\" was due {date}"),
        WeekKind::NoDecisionMaker => "no decision-maker".to_owned(),
        WeekKind::DecisionMakerAbsent => format!("decision-maker absent at kickoff: {people}"),
        WeekKind::KeyPersonUntouched => format!("not touched since {date}: {people}"),
        WeekKind::HeatFalling => format!("heat falling: {people}"),
        WeekKind::LongHold => format!("on hold since {date}"),
        WeekKind::JourneyNotReviewed => format!("journey \"{what}\" last reviewed {date}"),
    }
}

fn print(w: &Week) {
    let scope = match (&w.me, w.mine) {
        (Some(me), true) => format!("projects of {}", me.name),
        _ => "every project".to_owned(),
    };
    println!("this week as of {} · {scope}", w.today);
    for c in &w.counts {
        println!("{:<22} {:>6}", c.kind.as_str(), c.count);
    }
    if w.total == 0 {
        println!("nothing needs attention: the week is clear");
        return;
    }
    println!();
    for item in &w.items {
        println!(
            "{:<22} {:>6}  {}  {}",
            item.kind.as_str(),
            item.project_id,
            item.customer_name,
            describe(item)
        );
    }
    if w.matching as usize > w.items.len() {
        println!("… the {} most urgent of {}", w.items.len(), w.matching);
    }
}

pub async fn run(db: &Db, args: WeekArgs) -> Result<(), CoreError> {
    let query = WeekQuery {
        mine: args.mine,
        kind: None,
    };
    let today = args.today.unwrap_or_else(firstgoal_core::today);
    let w = week::get_on(db, query, today).await?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&w).unwrap_or_default());
    } else {
        print(&w);
    }
    Ok(())
}
