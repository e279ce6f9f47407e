//! `portfolio`: the portfolio figures of a file, as the app shows them.

use chrono::NaiveDate;
use clap::Args;
use firstgoal_core::portfolio::{self, Portfolio, PortfolioFilter, PortfolioQuery};
use firstgoal_core::projects::Segment;
use firstgoal_core::{CoreError, Db};

#[derive(Debug, Args)]
pub struct PortfolioArgs {
    /// Only this segment: high_touch, low_touch or tech_touch.
    #[arg(long, value_parser = parse_segment)]
    segment: Option<Segment>,
    /// Only projects of this owner (exact name).
    #[arg(long)]
    owner: Option<String>,
    /// Only projects this team member (id) is assigned to.
    #[arg(long)]
    member: Option<i64>,
    /// Only projects that kicked off in this month (YYYY-MM).
    #[arg(long)]
    kickoff_month: Option<String>,
    /// Count days up to this date instead of today (YYYY-MM-DD).
    #[arg(long)]
    today: Option<NaiveDate>,
    /// Print the whole portfolio (figures, plot series, rows) as JSON.
    #[arg(long)]
    json: bool,
}

fn parse_segment(s: &str) -> Result<Segment, String> {
    Segment::parse(s).ok_or_else(|| "expected high_touch, low_touch or tech_touch".to_owned())
}

fn fmt_days(v: Option<f64>) -> String {
    v.map_or("–".to_owned(), |d| format!("{d:.1} days"))
}

fn fmt_share(v: Option<f64>) -> String {
    v.map_or("–".to_owned(), |s| format!("{:.1}%", s * 100.0))
}

fn print_figures(p: &Portfolio) {
    let f = &p.figures;
    let d = &p.definition;
    println!(
        "as of {} · TTV from {:?} to the {} first goal achieved, on-hold days excluded",
        p.today,
        d.start,
        d.end.as_str()
    );
    println!("projects                      {}", f.projects);
    println!("TTV finished                  {}", f.ttv_finished);
    println!(
        "TTV median                    {}   (linear interpolation between closest ranks)",
        fmt_days(f.ttv_median)
    );
    println!("TTV p75                       {}", fmt_days(f.ttv_p75));
    println!("TTV p90                       {}", fmt_days(f.ttv_p90));
    println!(
        "onboarding completion rate    {}   ({} of {} projects with stages entered their last stage)",
        fmt_share(f.completion_rate),
        f.completed,
        f.with_stages
    );
    println!(
        "time to onboarding completion {}   (median, TTV start to last stage entered)",
        fmt_days(f.completion_median_days)
    );
    println!(
        "first goals on time           {}   ({} of {} decided first goals achieved by their due date)",
        fmt_share(f.on_time_share),
        f.first_goals_on_time,
        f.first_goals_decided
    );
}

pub async fn portfolio(db: &Db, args: PortfolioArgs) -> Result<(), CoreError> {
    let query = PortfolioQuery {
        filter: PortfolioFilter {
            segment: args.segment,
            owner: args.owner,
            member_id: args.member,
            kickoff_month: args.kickoff_month,
        },
        ..PortfolioQuery::default()
    };
    let today = args.today.unwrap_or_else(firstgoal_core::today);
    let p = portfolio::get(db, &query, today).await?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&p).unwrap_or_default());
    } else {
        print_figures(&p);
    }
    Ok(())
}
