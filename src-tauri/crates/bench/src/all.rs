//! `all`: the whole benchmark suite on generated files in a temporary folder, printed as
//! one table (what, median of k runs, target, met?). `--quick` runs tiny sizes as a smoke test
//! and judges no target. Nothing here asserts a time: the table is read by people.

use std::path::Path;
use std::time::{Duration, Instant};

use firstgoal_core::portfolio::{self, PortfolioQuery};
use firstgoal_core::projects::{self, ProjectInput};
use firstgoal_core::{CoreError, Db, journey, risks, stages, stakeholders, transfer};

use crate::demo_file::{self, demo_today};
use crate::journey::measure;
use crate::sql;
use crate::timing::{median, ms, time_async};

/// One line of the table.
pub struct Row {
    pub what: String,
    pub measured: String,
    pub target: String,
    /// `None`: no target, or `--quick`.
    pub met: Option<bool>,
}

/// Sizes and repetitions of one run of the suite.
pub struct Plan {
    pub projects: usize,
    pub big: usize,
    pub seed: u64,
    pub steps: usize,
    pub runs: usize,
    pub quick: bool,
}

impl Plan {
    pub fn new(projects: Option<usize>, big: Option<usize>, seed: u64, quick: bool) -> Self {
        let projects = projects.unwrap_or(if quick { 50 } else { 10_000 });
        Self {
            projects,
            big: big.unwrap_or(projects * 10),
            seed,
            steps: if quick { 100 } else { 1000 },
            runs: if quick { 3 } else { 7 },
            quick,
        }
    }
}

fn io(context: &str) -> impl FnOnce(std::io::Error) -> CoreError + '_ {
    move |source| CoreError::Io {
        context: context.to_owned(),
        source,
    }
}

fn fmt_ms(d: Duration) -> String {
    let v = ms(d);
    if v < 10.0 {
        format!("{v:.2} ms")
    } else {
        format!("{v:.0} ms")
    }
}

impl Plan {
    fn row(&self, what: impl Into<String>, measured: String, target: &str, met: bool) -> Row {
        Row {
            what: what.into(),
            measured,
            target: target.to_owned(),
            met: (!self.quick).then_some(met),
        }
    }

    fn info(&self, what: impl Into<String>, measured: String) -> Row {
        Row {
            what: what.into(),
            measured,
            target: "–".to_owned(),
            met: None,
        }
    }
}

/// Opens the file, computes the portfolio (figures and rows) and the risk flags of every
/// project, and closes it: what the app does when it opens a file on the portfolio.
async fn open_and_compute(path: &Path) -> Result<usize, CoreError> {
    let db = Db::open(path).await?;
    let p = portfolio::get(&db, &PortfolioQuery::default(), demo_today()).await?;
    let flags = risks::counts_on(&db, false, demo_today()).await?;
    db.close().await;
    Ok(p.rows.len() + flags.len())
}

/// Empties the derived facts cache of a closed file, so the next open derives every project
/// again (as after an import or an upgrade of the cache's format).
async fn empty_cache(path: &Path) -> Result<(), CoreError> {
    let db = Db::open(path).await?;
    sqlx::query("DELETE FROM project_facts_cache")
        .execute(db.pool())
        .await?;
    db.close().await;
    Ok(())
}

/// Everything the project page and its tabs load for one project.
pub async fn load_project(db: &Db, id: i64) -> Result<usize, CoreError> {
    let detail = projects::get(db, id).await?;
    let board = stakeholders::board_on(db, id, demo_today()).await?;
    let plan = stages::plan(db, id, demo_today()).await?;
    let journeys = journey::list(db, Some(id)).await?;
    let mut steps = 0;
    if let Some(first) = journeys.first() {
        steps = journey::get(db, first.id).await?.journey.doc.steps.len();
    }
    std::hint::black_box((&detail, &board, &plan));
    Ok(journeys.len() + steps)
}

/// One committed edit: the project's owner becomes "Owner `round`". Returns the new version.
async fn rename_owner(
    db: &Db,
    id: i64,
    version: i64,
    base: &ProjectInput,
    round: usize,
) -> Result<i64, CoreError> {
    let input = ProjectInput {
        owner: format!("Owner {round}"),
        ..base.clone()
    };
    Ok(projects::update(db, id, version, &input)
        .await?
        .project
        .version)
}

/// Runs the suite and returns the table.
pub async fn run(plan: &Plan) -> Result<Vec<Row>, CoreError> {
    let cli = demo_file::product_cli()?;
    let dir = tempfile::tempdir().map_err(io("cannot create a temporary folder"))?;
    let small = dir.path().join("small.sqlite");
    let big = dir.path().join("big.sqlite");
    let (n, nb) = (plan.projects, plan.big);
    let mut rows = Vec::new();

    eprintln!("generating {n} projects…");
    let gen_small = demo_file::generate(&cli, &small, n, plan.seed).await?;
    rows.push(plan.info(
        format!("generate a {n}-project demo file (seed {})", plan.seed),
        format!("{:.1} s", gen_small.as_secs_f64()),
    ));
    eprintln!("generating {nb} projects…");
    let gen_big = demo_file::generate(&cli, &big, nb, plan.seed).await?;
    rows.push(plan.info(
        format!("generate a {nb}-project demo file"),
        format!("{:.1} s", gen_big.as_secs_f64()),
    ));

    eprintln!("portfolio…");
    let mut cold = Vec::new();
    for _ in 0..plan.runs.min(3) {
        empty_cache(&small).await?;
        let start = Instant::now();
        open_and_compute(&small).await?;
        cold.push(start.elapsed());
    }
    let t_cold = median(cold);
    let (t_small, _) = time_async(plan.runs, || open_and_compute(&small)).await?;
    rows.push(plan.row(
        format!("open a {n}-project file, portfolio figures + risk flags"),
        fmt_ms(t_small),
        "≤ 100 ms",
        ms(t_small) <= 100.0,
    ));
    rows.push(plan.info(
        "  the same with the facts cache empty (first open after an import)",
        fmt_ms(t_cold),
    ));
    let (t_big, _) = time_async(plan.runs.min(5), || open_and_compute(&big)).await?;
    let per_small = t_small.as_secs_f64() / n as f64;
    let per_big = t_big.as_secs_f64() / nb as f64;
    let ratio = per_big / per_small.max(1e-12);
    rows.push(plan.row(
        format!("the same at {nb} projects (per-project time ratio {nb}/{n})"),
        format!("{} (ratio {ratio:.2})", fmt_ms(t_big)),
        "ratio ≤ 1.10 (linear)",
        ratio <= 1.10,
    ));

    let db = Db::open(&small).await?;
    let (t_floor, t_figures) = sql::compare(&db, &small, plan.runs).await?;
    let (t_shell, t_sqlx) = (t_floor.shell, t_floor.sqlx);
    rows.push(plan.info(
        "  portfolio::get on the open file (figures + rows)",
        fmt_ms(t_figures),
    ));
    rows.push(plan.info(
        "  same aggregates as one SQL query, sqlite3 shell",
        match t_shell {
            Some(t) => format!(
                "{} (open+compute / shell {:.2}×)",
                fmt_ms(t),
                t_small.as_secs_f64() / t.as_secs_f64().max(1e-9)
            ),
            None => "skipped (no sqlite3)".to_owned(),
        },
    ));
    rows.push(plan.info(
        "  same query in-process via sqlx (floor)",
        format!(
            "{} (portfolio::get / sqlx {:.2}×)",
            fmt_ms(t_sqlx),
            t_figures.as_secs_f64() / t_sqlx.as_secs_f64().max(1e-9)
        ),
    ));

    eprintln!("this week…");
    let (week_times, week_items) = crate::week::time_week(&db, plan.runs).await?;
    let t_week = median(week_times);
    rows.push(plan.row(
        format!("\"this week\" on the open {n}-project file ({week_items} items)"),
        fmt_ms(t_week),
        "≤ 100 ms",
        ms(t_week) <= 100.0,
    ));

    eprintln!("one project…");
    let id = i64::try_from(n / 2 + 1).unwrap_or(1);
    let (t_load, _) = time_async(plan.runs * 7, || load_project(&db, id)).await?;
    rows.push(plan.row(
        "load one project (detail, stakeholders, plan, journeys, one journey)",
        fmt_ms(t_load),
        "≤ 5 ms",
        ms(t_load) <= 5.0,
    ));
    let detail = projects::get(&db, id).await?;
    let mut version = detail.project.version;
    let base = ProjectInput {
        customer_name: detail.project.customer_name.clone(),
        contract_date: detail.project.contract_date.to_string(),
        kickoff_date: detail.project.kickoff_date.to_string(),
        segment: detail.project.segment,
        owner: detail.project.owner.clone(),
    };
    let mut round = 0;
    let mut saves = Vec::new();
    for _ in 0..plan.runs * 7 {
        round += 1;
        let start = Instant::now();
        version = rename_owner(&db, id, version, &base, round).await?;
        saves.push(start.elapsed());
    }
    let t_save = median(saves);
    let mut after_edit = Vec::new();
    for _ in 0..plan.runs {
        round += 1;
        version = rename_owner(&db, id, version, &base, round).await?;
        let start = Instant::now();
        portfolio::get(&db, &PortfolioQuery::default(), demo_today()).await?;
        risks::counts_on(&db, false, demo_today()).await?;
        after_edit.push(start.elapsed());
    }
    rows.push(plan.row(
        "save one edit (projects::update, committed)",
        fmt_ms(t_save),
        "≤ 2 ms",
        ms(t_save) <= 2.0,
    ));
    rows.push(plan.info(
        "  portfolio figures + risk flags right after one edit (open file)",
        fmt_ms(median(after_edit)),
    ));

    eprintln!("journey pictures…");
    let j = measure(plan.steps, 8, plan.runs * 3);
    let label = format!("{} steps, 8 lanes", j.steps);
    rows.push(plan.row(
        format!("journey layout + SVG, {label}"),
        fmt_ms(j.layout_svg),
        "≤ 20 ms",
        ms(j.layout_svg) <= 20.0,
    ));
    rows.push(match &j.png {
        Ok((t, _)) => plan.row(
            format!("journey PNG, {label}"),
            fmt_ms(*t),
            "≤ 500 ms",
            ms(*t) <= 500.0,
        ),
        Err(e) => plan.row(
            format!("journey PNG, {label}"),
            e.clone(),
            "≤ 500 ms",
            false,
        ),
    });
    rows.push(plan.info(
        "  Graphviz dot -Tsvg on the same graph",
        match &j.dot {
            None => "skipped (no dot)".to_owned(),
            Some(Err(e)) => e.clone(),
            Some(Ok(t)) => format!(
                "{} (dot / layout + SVG {:.0}×)",
                fmt_ms(*t),
                t.as_secs_f64() / j.layout_svg.as_secs_f64().max(1e-9)
            ),
        },
    ));

    eprintln!("export and import…");
    let runs = if plan.quick { 1 } else { 3 };
    let out = dir.path().join("export.json");
    let (t_export, _) = time_async(runs, || transfer::export_to_file(&db, &out)).await?;
    db.close().await;
    let size = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
    rows.push(plan.row(
        format!(
            "full JSON export of the {n}-project file ({:.0} MB)",
            size as f64 / 1e6
        ),
        format!("{:.2} s", t_export.as_secs_f64()),
        "≤ 5 s",
        t_export.as_secs_f64() <= 5.0,
    ));
    // The import until committed (when the app answers), and the checkpoint that then copies
    // its pages from the WAL into the file (in the background in the app).
    let (mut imports, mut checkpoints) = (Vec::new(), Vec::new());
    for k in 0..runs {
        let target = Db::open(&dir.path().join(format!("import{k}.sqlite"))).await?;
        let start = Instant::now();
        transfer::import_file(&target, &out).await?;
        imports.push(start.elapsed());
        let start = Instant::now();
        target.checkpoint().await?;
        checkpoints.push(start.elapsed());
        target.close().await;
    }
    let t_import = median(imports);
    rows.push(plan.row(
        "full JSON import of that export into a new file",
        format!("{:.2} s", t_import.as_secs_f64()),
        "≤ 5 s",
        t_import.as_secs_f64() <= 5.0,
    ));
    rows.push(plan.info(
        "  then the WAL checkpoint (in the background in the app)",
        format!("{:.2} s", median(checkpoints).as_secs_f64()),
    ));
    Ok(rows)
}

/// The table as Markdown, so it can be pasted into the README as is.
pub fn print(rows: &[Row], plan: &Plan) {
    println!(
        "firstgoal-bench all — {} + {} projects, seed {}, {} steps{}",
        plan.projects,
        plan.big,
        plan.seed,
        plan.steps,
        if plan.quick {
            " (--quick: no targets judged)"
        } else {
            ""
        }
    );
    println!("| what | measured (median) | target | met? |");
    println!("|---|---|---|---|");
    for r in rows {
        let met = match r.met {
            Some(true) => "yes",
            Some(false) => "NO",
            None => "–",
        };
        println!("| {} | {} | {} | {met} |", r.what, r.measured, r.target);
    }
}
