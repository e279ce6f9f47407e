//! Steps 1 to 3 of the layout (see [`super`]): the document as a graph, back edges reversed,
//! columns by longest path, and the order of the steps within each (lane, column) cell.

use std::collections::HashMap;

use crate::journey::{Connection, JourneyDoc};

/// Barycentric sweeps over the cells (left to right, then back, twice).
const SWEEPS: usize = 4;

/// Reverses back edges found by a depth-first search; returns the DAG edges and which of the
/// input edges were reversed.
pub(super) fn break_cycles(n: usize, edges: &[(usize, usize)]) -> (Vec<(usize, usize)>, Vec<bool>) {
    let mut out: Vec<Vec<(usize, usize)>> = vec![Vec::new(); n];
    let mut indegree = vec![0usize; n];
    for (i, &(u, v)) in edges.iter().enumerate() {
        out[u].push((v, i));
        indegree[v] += 1;
    }
    // 0 = unvisited, 1 = on the stack, 2 = done.
    let mut state = vec![0u8; n];
    let mut reversed = vec![false; edges.len()];
    // Start from sources first so the reading direction follows the user's connections.
    let starts = (0..n)
        .filter(|&v| indegree[v] == 0)
        .chain((0..n).filter(|&v| indegree[v] != 0));
    for start in starts {
        if state[start] != 0 {
            continue;
        }
        let mut stack = vec![(start, 0usize)];
        state[start] = 1;
        while let Some(&mut (v, ref mut next)) = stack.last_mut() {
            if let Some(&(w, edge)) = out[v].get(*next) {
                *next += 1;
                match state[w] {
                    0 => {
                        state[w] = 1;
                        stack.push((w, 0));
                    }
                    1 => reversed[edge] = true,
                    _ => {}
                }
            } else {
                state[v] = 2;
                stack.pop();
            }
        }
    }
    let dag = edges
        .iter()
        .zip(&reversed)
        .map(|(&(u, v), &r)| if r { (v, u) } else { (u, v) })
        .collect();
    (dag, reversed)
}

/// Longest-path columns: every step sits right of all its predecessors in the DAG.
pub(super) fn columns(n: usize, dag: &[(usize, usize)]) -> Vec<u32> {
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut indegree = vec![0usize; n];
    for &(u, v) in dag {
        out[u].push(v);
        indegree[v] += 1;
    }
    let mut column = vec![0u32; n];
    let mut ready: Vec<usize> = (0..n).filter(|&v| indegree[v] == 0).collect();
    while let Some(u) = ready.pop() {
        for &v in &out[u] {
            column[v] = column[v].max(column[u] + 1);
            indegree[v] -= 1;
            if indegree[v] == 0 {
                ready.push(v);
            }
        }
    }
    column
}

/// The steps and connections of a document as a graph of step indexes.
pub(super) struct Graph<'a> {
    /// The lane index of each step (the first lane when its lane is missing).
    pub(super) lane_of: Vec<usize>,
    /// The connections between two different existing steps, with the index of their source.
    pub(super) connected: Vec<(usize, &'a Connection)>,
    /// `connected` as (from, to) step indexes.
    pub(super) edges: Vec<(usize, usize)>,
}

pub(super) fn graph(doc: &JourneyDoc) -> Graph<'_> {
    let lane_index: HashMap<&str, usize> = doc
        .lanes
        .iter()
        .enumerate()
        .map(|(i, l)| (l.id.as_str(), i))
        .collect();
    let mut step_index: HashMap<&str, usize> = HashMap::with_capacity(doc.steps.len());
    for (i, s) in doc.steps.iter().enumerate() {
        step_index.entry(s.id.as_str()).or_insert(i);
    }
    let lane_of = doc
        .steps
        .iter()
        .map(|s| lane_index.get(s.lane.as_str()).copied().unwrap_or(0))
        .collect();
    let connected: Vec<(usize, &Connection)> = doc
        .connections
        .iter()
        .filter_map(|c| {
            let from = *step_index.get(c.from.as_str())?;
            let to = *step_index.get(c.to.as_str())?;
            (from != to).then_some((from, c))
        })
        .collect();
    let edges = connected
        .iter()
        .map(|(from, c)| (*from, step_index[c.to.as_str()]))
        .collect();
    Graph {
        lane_of,
        connected,
        edges,
    }
}

/// Cells of auto-placed steps, keyed by (lane, column), in document order to start with.
pub(super) type Cells = HashMap<(usize, usize), Vec<usize>>;

pub(super) fn auto_cells(doc: &JourneyDoc, lane_of: &[usize], column: &[u32]) -> Cells {
    let mut cells: Cells = HashMap::new();
    for (i, step) in doc.steps.iter().enumerate() {
        if step.position.is_none() {
            cells
                .entry((lane_of[i], column[i] as usize))
                .or_default()
                .push(i);
        }
    }
    cells
}

/// Orders the steps within each cell so connected steps sit near each other: a few sweeps
/// left to right and back, each step ranked by the mean height of its neighbours.
pub(super) fn order_cells(cells: &mut Cells, edges: &[(usize, usize)], lane_of: &[usize]) {
    let n = lane_of.len();
    let mut neighbours: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(u, v) in edges {
        neighbours[u].push(v);
        neighbours[v].push(u);
    }
    let mut rank = vec![0f64; n];
    for cell in cells.values() {
        for (r, &i) in cell.iter().enumerate() {
            rank[i] = r as f64;
        }
    }
    let mut keys: Vec<(usize, usize)> = cells.keys().copied().collect();
    keys.sort_by_key(|&(lane, col)| (col, lane));
    let vertical = |i: usize, rank: &[f64]| lane_of[i] as f64 * (n as f64 + 1.0) + rank[i];
    for sweep in 0..SWEEPS {
        let ordered: Vec<(usize, usize)> = if sweep % 2 == 0 {
            keys.clone()
        } else {
            keys.iter().rev().copied().collect()
        };
        for key in ordered {
            let Some(cell) = cells.get_mut(&key) else {
                continue;
            };
            let mut scored: Vec<(f64, usize)> = cell
                .iter()
                .map(|&i| {
                    let nb = &neighbours[i];
                    let score = if nb.is_empty() {
                        vertical(i, &rank)
                    } else {
                        nb.iter().map(|&j| vertical(j, &rank)).sum::<f64>() / nb.len() as f64
                    };
                    (score, i)
                })
                .collect();
            scored.sort_by(|a, b| a.0.total_cmp(&b.0));
            for (r, &(_, i)) in scored.iter().enumerate() {
                rank[i] = r as f64;
                cell[r] = i;
            }
        }
    }
}
