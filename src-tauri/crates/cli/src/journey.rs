//! `journey export` (the same exports as the app) and `bench journey` (layout and rendering
//! speed on a large generated journey, side by side with Graphviz `dot`).

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use clap::Subcommand;
use firstgoal_core::journey::{
    self, Connection, ExportFormat, JourneyDoc, Lane, Step, StepKind, layout, to_svg,
};
use firstgoal_core::{CoreError, Db, FieldError, render};

#[derive(Debug, Subcommand)]
pub enum JourneyCommand {
    /// Export a journey (or one of its revisions) to a file.
    Export {
        #[arg(long)]
        journey: i64,
        /// svg, png, pdf, mermaid, drawio or json.
        #[arg(long)]
        format: String,
        #[arg(long)]
        out: PathBuf,
        /// PNG scale (1 = one pixel per diagram unit).
        #[arg(long, default_value_t = 1.0)]
        scale: f32,
        /// Export this revision instead of the current diagram.
        #[arg(long)]
        revision: Option<i64>,
    },
    /// Create a journey from a JSON export (in a project, or as a template without --project).
    Import {
        #[arg(long)]
        project: Option<i64>,
        #[arg(long)]
        file: PathBuf,
    },
}

pub async fn run(db: &Db, command: JourneyCommand) -> Result<(), CoreError> {
    match command {
        JourneyCommand::Export {
            journey: id,
            format,
            out,
            scale,
            revision,
        } => {
            let format = ExportFormat::parse(&format).ok_or_else(|| {
                CoreError::Validation(vec![FieldError::new("format", "out_of_range")])
            })?;
            let exported =
                journey::export_journey_checked(db, id, revision, format, scale, &out).await?;
            println!("wrote {}", exported.path.display());
            if let Some(limits) = exported.mermaid_limits {
                eprintln!("warning: {}", limits.describe());
            }
            Ok(())
        }
        JourneyCommand::Import { project, file } => {
            let view = journey::import_json_file(db, project, &file).await?;
            println!(
                "imported journey {} \"{}\" ({} steps)",
                view.journey.id,
                view.journey.name,
                view.journey.doc.steps.len()
            );
            Ok(())
        }
    }
}

/// A journey shaped like real ones: stages of work spread over the lanes, each step following
/// one of the previous stage, with a few loops back (rework) so cycle breaking is exercised.
pub fn generated_doc(steps: usize, lanes: usize) -> JourneyDoc {
    let lanes = lanes.max(1);
    let per_stage = lanes * 3;
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n.max(1) as u64) as usize
    };
    let kinds = [
        StepKind::Action,
        StepKind::Touchpoint,
        StepKind::Document,
        StepKind::Decision,
        StepKind::Milestone,
    ];
    let mut doc = JourneyDoc {
        lanes: (0..lanes)
            .map(|i| Lane {
                id: format!("l{i}"),
                name: format!("部門 Lane {i}"),
                color: "#eef2f6".to_owned(),
            })
            .collect(),
        ..JourneyDoc::default()
    };
    for i in 0..steps {
        doc.steps.push(Step {
            id: format!("s{i}"),
            lane: format!("l{}", next(lanes)),
            title: format!("ステップ {i}: review the onboarding plan"),
            description: String::new(),
            kind: kinds[i % kinds.len()],
            status: None,
            milestone_id: None,
            position: None,
        });
        let stage = i / per_stage;
        if stage > 0 {
            let from = (stage - 1) * per_stage + next(per_stage);
            doc.connections.push(Connection {
                id: format!("c{i}"),
                from: format!("s{from}"),
                to: format!("s{i}"),
                label: if i % 7 == 0 {
                    "handoff".to_owned()
                } else {
                    String::new()
                },
            });
        }
        if stage > 2 && next(100) == 0 {
            let back = (stage - 2) * per_stage + next(per_stage);
            doc.connections.push(Connection {
                id: format!("r{i}"),
                from: format!("s{i}"),
                to: format!("s{back}"),
                label: "rework".to_owned(),
            });
        }
    }
    doc
}

/// The same graph for Graphviz: one cluster per lane, left to right.
fn to_dot(doc: &JourneyDoc) -> String {
    let mut out = String::from("digraph journey {\n  rankdir=LR;\n  node [shape=box];\n");
    for (li, lane) in doc.lanes.iter().enumerate() {
        let _ = writeln!(
            out,
            "  subgraph cluster_{li} {{\n    label=\"{}\";",
            lane.name.replace('"', "\\\"")
        );
        for (si, s) in doc
            .steps
            .iter()
            .enumerate()
            .filter(|(_, s)| s.lane == lane.id)
        {
            let _ = writeln!(
                out,
                "    n{si} [label=\"{}\"];",
                s.title.replace('"', "\\\"")
            );
        }
        out.push_str("  }\n");
    }
    for c in &doc.connections {
        let (Some(a), Some(b)) = (c.from.strip_prefix('s'), c.to.strip_prefix('s')) else {
            continue;
        };
        let _ = writeln!(out, "  n{a} -> n{b};");
    }
    out.push_str("}\n");
    out
}

pub fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

pub fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut samples = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs.max(1) {
        let start = Instant::now();
        last = Some(f());
        samples.push(start.elapsed());
    }
    (median(samples), last.expect("at least one run"))
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// What `bench journey` measures: medians of layout, layout + SVG, PNG, and Graphviz.
pub struct JourneyTimes {
    pub steps: usize,
    pub lanes: usize,
    pub connections: usize,
    pub layout: Duration,
    pub layout_svg: Duration,
    pub svg_bytes: usize,
    pub png: Result<(Duration, usize), String>,
    /// `None` when `dot` is not installed; an error text when it failed.
    pub dot: Option<Result<Duration, String>>,
}

/// Times `dot -Tsvg` as a subprocess on `source` (one run: dot is far slower than the core).
fn time_dot(source: &str) -> Option<Result<Duration, String>> {
    let start = Instant::now();
    let mut child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .ok()?;
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(source.as_bytes());
    }
    Some(match child.wait_with_output() {
        Ok(o) if o.status.success() => Ok(start.elapsed()),
        Ok(o) => Err(format!("dot failed ({})", o.status)),
        Err(e) => Err(format!("dot failed: {e}")),
    })
}

/// Measures a generated journey of `steps` steps over `lanes` lanes (`runs` timed runs for
/// layout and SVG, fewer for the PNG).
pub fn measure(steps: usize, lanes: usize, runs: usize) -> JourneyTimes {
    let doc = generated_doc(steps, lanes);
    let (layout_t, _) = time(runs, || layout(&doc));
    let (layout_svg, svg) = time(runs, || to_svg("bench", &doc, &layout(&doc)));
    let png = match time(runs.div_ceil(7), || render::svg_to_png(&svg, 1.0)) {
        (t, Ok(png)) => Ok((t, png.len())),
        (_, Err(e)) => Err(e.to_string()),
    };
    JourneyTimes {
        steps: doc.steps.len(),
        lanes: doc.lanes.len(),
        connections: doc.connections.len(),
        layout: layout_t,
        layout_svg,
        svg_bytes: svg.len(),
        png,
        dot: time_dot(&to_dot(&doc)),
    }
}

/// Times layout, SVG and PNG of a generated journey, and Graphviz `dot -Tsvg` on the same graph.
pub fn bench(steps: usize, lanes: usize) -> Result<(), CoreError> {
    let t = measure(steps, lanes, 21);
    println!(
        "journey: {} steps, {} lanes, {} connections",
        t.steps, t.lanes, t.connections
    );
    println!(
        "layout: {:.2} ms   layout + SVG: {:.2} ms   (SVG {} KB)   median of 21",
        ms(t.layout),
        ms(t.layout_svg),
        t.svg_bytes / 1024
    );
    match &t.png {
        Ok((d, bytes)) => println!(
            "PNG (scale 1): {:.0} ms, {} KB   median of 3",
            ms(*d),
            bytes / 1024
        ),
        Err(e) => println!("PNG: {e}"),
    }
    match &t.dot {
        None => println!("Graphviz: skipped (`dot` is not installed)"),
        Some(Ok(d)) => println!(
            "Graphviz dot -Tsvg: {:.0} ms   ratio dot / (layout + SVG): {:.0}×",
            ms(*d),
            d.as_secs_f64() / t.layout_svg.as_secs_f64().max(1e-9)
        ),
        Some(Err(e)) => println!("Graphviz: {e}"),
    }
    Ok(())
}
