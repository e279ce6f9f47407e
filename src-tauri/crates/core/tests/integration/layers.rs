//! The core's modules depend on each other in one direction only: storage, then features, then
//! rules, then views, then outputs. This test reads the sources, builds the graph of which module
//! uses which, and fails on any cycle, printing it.
//!
//! A node is one source file (`src/a/b.rs` and `src/a/b/mod.rs` are both `a::b`; `lib.rs` is the
//! crate root). A path `crate::a::b::Item` points at `a::b` when that file exists, else at `a`; a
//! name that `a` only re-exports (`pub use b::Item`) is followed to the file that defines it. A
//! module using its own submodules (a facade re-exporting its children) is no edge; a submodule
//! using what its parent defines is one. A `pub use` that the module does not use itself is a name
//! for callers, not a dependency: a use through it counts against the module that defines the
//! item.
//!
//! The graph is checked twice for cycles: between files, and between top-level modules (each file
//! counted as its top-level module). Between top-level modules it must also follow [`LAYERS`].

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

type Module = Vec<String>;

/// The layers of the core, top to bottom; a top-level module may use its own layer and the
/// ones above it. `render` (SVG to PNG/PDF, escaping) stands with the foundation because every
/// picture uses it; the writers of a feature's or view's files live beside what they write.
const LAYERS: &[(&str, &[&str])] = &[
    (
        "foundation",
        &["error", "validation", "settings", "render", "order"],
    ),
    ("storage", &["db"]),
    (
        "features",
        &[
            "projects",
            "milestones",
            "team",
            "playbooks",
            "stages",
            "ttv",
            "stakeholders",
            "kickoff",
            "journey",
        ],
    ),
    ("rules", &["risks"]),
    (
        "views",
        &["facts", "portfolio", "board", "csv_import", "week"],
    ),
    ("outputs", &["transfer", "demo", "calendar"]),
];

fn layer_of(module: &Module) -> Option<usize> {
    LAYERS
        .iter()
        .position(|(_, names)| names.contains(&module[0].as_str()))
}

/// What one source file tells about its module.
#[derive(Default)]
struct Source {
    /// Every path the file uses, made absolute (without `crate`).
    uses: Vec<Module>,
    /// Names the module defines itself (fn, struct, const, ...).
    defines: BTreeSet<String>,
    /// `pub use` re-exports: visible name -> absolute target path.
    reexports: BTreeMap<String, Module>,
    /// `pub use x::*` targets.
    globs: Vec<Module>,
}

#[test]
fn core_dependencies_point_down() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let modules: BTreeSet<Module> = files.iter().map(|f| module_of(&src, f)).collect();
    let sources: BTreeMap<Module, Source> = files
        .iter()
        .map(|f| {
            let module = module_of(&src, f);
            let text = fs::read_to_string(f).expect("read a source file");
            let source = read_source(&text, &module, &modules);
            (module, source)
        })
        .collect();

    let mut edges: BTreeMap<Module, BTreeSet<Module>> = BTreeMap::new();
    for (from, source) in &sources {
        let targets = edges.entry(from.clone()).or_default();
        for path in &source.uses {
            let to = resolve(path, &modules, &sources, 0);
            // A module reaching into its own submodules is a facade, not a dependency.
            if to != *from && !to.starts_with(from) {
                targets.insert(to);
            }
        }
    }

    // The same graph one level up: each file counted as its top-level module.
    let mut top: BTreeMap<Module, BTreeSet<Module>> = BTreeMap::new();
    for (from, targets) in &edges {
        let from_top: Module = from.iter().take(1).cloned().collect();
        let entry = top.entry(from_top.clone()).or_default();
        for to in targets {
            let to_top: Module = to.iter().take(1).cloned().collect();
            if to_top != from_top && !to_top.is_empty() {
                entry.insert(to_top);
            }
        }
    }

    let mut report = Vec::new();
    for (from, targets) in top.iter().filter(|(m, _)| !m.is_empty()) {
        let Some(from_layer) = layer_of(from) else {
            report.push(format!("  {} is in no layer: add it to LAYERS", name(from)));
            continue;
        };
        for to in targets {
            if layer_of(to).is_some_and(|to_layer| to_layer > from_layer) {
                report.push(format!(
                    "  layers: {} ({}) uses {} ({}), which stands below it",
                    name(from),
                    LAYERS[from_layer].0,
                    name(to),
                    LAYERS[layer_of(to).unwrap_or(0)].0
                ));
            }
        }
    }
    for (level, graph) in [("file", &edges), ("top-level", &top)] {
        for cycle in cycles(graph) {
            let shown: Vec<String> = cycle.iter().map(name).collect();
            report.push(format!("  {level}: {}", shown.join(" → ")));
        }
    }
    assert!(
        report.is_empty(),
        "{} problem(s) in the core's module graph; dependencies must point down \
         (storage → features → rules → views → outputs):\n{}",
        report.len(),
        report.join("\n")
    );
}

/// The reader itself, on small samples: grouped uses, `super`, inline paths, comments, strings.
#[test]
fn reader_finds_every_form_of_path() {
    let modules: BTreeSet<Module> = [m("a"), m("a::x"), m("a::y"), m("b"), m("b::z"), m("c")]
        .into_iter()
        .collect();
    let text = r#"
        //! Uses crate::c only in a comment.
        use super::y::{self as why, Thing};
        use crate::{b::{self, z::Zed}, c as see};
        use std::fmt;
        pub use self::inner::Item;
        pub use crate::c::Unused;
        pub(crate) use crate::c::Used;
        #[serde(with = "crate::c::day")]
        pub fn f() -> Used { let s = "crate::nothing {"; crate::b::z::make(); b::g(); 1 }
        mod tests {
            use super::*;
            fn t() { super::super::y::run(); }
        }
    "#;
    let source = read_source(text, &m("a::x"), &modules);
    let uses: BTreeSet<String> = source.uses.iter().map(name).collect();
    let expected: BTreeSet<String> = [
        "a::y",
        "a::y::Thing",
        "b",
        "b::z::Zed",
        "c",
        "c::day",
        "b::z::make",
        "b::g",
        "a::x",
        "c::Used",
        "a::y::run",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    assert_eq!(uses, expected);
    assert!(source.defines.contains("f"));
    assert_eq!(source.reexports.get("Unused"), Some(&m("c::Unused")));
    assert_eq!(source.reexports.get("Item"), Some(&m("a::x::inner::Item")));
}

fn m(path: &str) -> Module {
    path.split("::").map(String::from).collect()
}

fn name(module: &Module) -> String {
    if module.is_empty() {
        "crate".to_owned()
    } else {
        module.join("::")
    }
}

fn rust_files(dir: &Path, into: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("list a source folder") {
        let path = entry.expect("read a folder entry").path();
        if path.is_dir() {
            rust_files(&path, into);
        } else if path.extension().is_some_and(|e| e == "rs") {
            into.push(path);
        }
    }
    into.sort();
}

fn module_of(src: &Path, file: &Path) -> Module {
    let relative = file.strip_prefix(src).expect("a file under src");
    let mut parts: Module = relative
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_owned())
        .collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
        parts.pop();
    }
    parts
}

/// Follows a used path to the file module that defines what it names.
fn resolve(
    path: &Module,
    modules: &BTreeSet<Module>,
    sources: &BTreeMap<Module, Source>,
    depth: usize,
) -> Module {
    let mut module = path.clone();
    while !modules.contains(&module) {
        module.pop();
    }
    let Some(item) = path.get(module.len()) else {
        return module;
    };
    let Some(source) = sources.get(&module) else {
        return module;
    };
    if depth > 8 || source.defines.contains(item) {
        return module;
    }
    if let Some(target) = source.reexports.get(item) {
        let mut target = target.clone();
        target.extend(path[module.len() + 1..].iter().cloned());
        return resolve(&target, modules, sources, depth + 1);
    }
    for glob in &source.globs {
        let mut target = glob.clone();
        target.extend(path[module.len()..].iter().cloned());
        let found = resolve(&target, modules, sources, depth + 1);
        if found != *glob || sources.get(glob).is_some_and(|s| s.defines.contains(item)) {
            return found;
        }
    }
    module
}

/// Reads one file: its uses (absolute), definitions and re-exports.
fn read_source(text: &str, module: &Module, modules: &BTreeSet<Module>) -> Source {
    let (code, string_paths) = blank_comments_and_strings(text);
    let mut source = Source::default();
    for p in string_paths {
        source.uses.push(p[1..].to_vec());
    }
    let tokens = tokenize(&code);
    // Inline `mod name { ... }` blocks shift what `super` and `self` mean.
    let mut scope: Vec<(String, usize)> = Vec::new();
    let mut depth = 0usize;
    // Names brought in by `use` that stand for modules, usable as `alias::item`.
    let mut aliases: BTreeMap<String, Module> = BTreeMap::new();
    // Re-exports, and every identifier outside use declarations (to tell which re-exported names
    // the module uses itself).
    let mut reexported: Vec<(Module, String)> = Vec::new();
    let mut idents: BTreeSet<&str> = BTreeSet::new();
    let mut i = 0;
    while i < tokens.len() {
        let here: Module = module
            .iter()
            .cloned()
            .chain(scope.iter().map(|(n, _)| n.clone()))
            .collect();
        match tokens[i].as_str() {
            "{" => depth += 1,
            "}" => {
                depth = depth.saturating_sub(1);
                if scope.last().is_some_and(|(_, d)| *d == depth) {
                    scope.pop();
                }
            }
            "mod" if tokens.get(i + 2).is_some_and(|t| t == "{") => {
                scope.push((tokens[i + 1].clone(), depth));
                depth += 1;
                i += 3;
                continue;
            }
            "fn" | "struct" | "enum" | "const" | "static" | "type" | "trait" | "mod" | "union"
                if scope.is_empty() =>
            {
                if let Some(n) = tokens.get(i + 1) {
                    source.defines.insert(n.clone());
                }
                // The name being defined is no use of a re-exported name.
                i += 2;
                continue;
            }
            "use" => {
                let end = tokens[i..]
                    .iter()
                    .position(|t| t == ";")
                    .map_or(tokens.len(), |e| i + e);
                let public = i > 0 && is_visibility(&tokens, i);
                let mut leaves = Vec::new();
                use_tree(&tokens[i + 1..end], &mut Vec::new(), &mut leaves);
                for (path, alias) in leaves {
                    let glob = path.last().is_some_and(|s| s == "*");
                    let path: Module = path.into_iter().filter(|s| s != "*").collect();
                    let Some(absolute) = absolute(&path, &here, modules, &aliases) else {
                        continue;
                    };
                    if public && scope.is_empty() {
                        if glob {
                            source.globs.push(absolute.clone());
                        } else if let Some(alias) = &alias {
                            source.reexports.insert(alias.clone(), absolute.clone());
                            reexported.push((absolute.clone(), alias.clone()));
                            continue;
                        }
                    }
                    if let Some(alias) = alias.filter(|_| modules.contains(&absolute) || glob) {
                        aliases.insert(alias, absolute.clone());
                    }
                    source.uses.push(absolute);
                }
                i = end + 1;
                continue;
            }
            first if is_ident(first) && tokens.get(i + 1).is_some_and(|t| t == "::") => {
                let preceded_by_path = i > 0 && tokens[i - 1] == "::";
                let mut path = vec![first.to_owned()];
                let mut j = i + 1;
                while tokens.get(j).is_some_and(|t| t == "::")
                    && tokens.get(j + 1).is_some_and(|t| is_ident(t))
                {
                    path.push(tokens[j + 1].clone());
                    j += 2;
                }
                if !preceded_by_path {
                    idents.insert(first);
                    if let Some(absolute) = absolute(&path, &here, modules, &aliases) {
                        source.uses.push(absolute);
                    }
                }
                i = j;
                continue;
            }
            other if is_ident(other) => {
                idents.insert(other);
            }
            _ => {}
        }
        i += 1;
    }
    for (target, name) in reexported {
        if idents.contains(name.as_str()) {
            source.uses.push(target);
        }
    }
    source
}

fn is_visibility(tokens: &[String], use_at: usize) -> bool {
    tokens[use_at - 1] == "pub"
        || (tokens[use_at - 1] == ")"
            && tokens[..use_at]
                .iter()
                .rev()
                .nth(3)
                .is_some_and(|t| t == "pub"))
}

/// Makes a path absolute: `crate::`, `super::`, `self::`, an alias, or a child module's name.
fn absolute(
    path: &[String],
    here: &Module,
    modules: &BTreeSet<Module>,
    aliases: &BTreeMap<String, Module>,
) -> Option<Module> {
    let first = path.first()?;
    let (mut base, rest) = match first.as_str() {
        "crate" => (Vec::new(), &path[1..]),
        "self" => (here.clone(), &path[1..]),
        "super" => {
            let mut base = here.clone();
            let mut rest = path;
            while rest.first().is_some_and(|s| s == "super") {
                base.pop();
                rest = &rest[1..];
            }
            (base, rest)
        }
        _ => {
            if let Some(target) = aliases.get(first) {
                (target.clone(), &path[1..])
            } else {
                let mut child = here.clone();
                child.push(first.clone());
                if !modules.contains(&child) {
                    return None;
                }
                (child, &path[1..])
            }
        }
    };
    base.extend(rest.iter().cloned());
    Some(base)
}

/// Expands a use tree (`a::{b, c::{self as d, e}}`) into (path, visible name) leaves.
fn use_tree(
    tokens: &[String],
    prefix: &mut Vec<String>,
    leaves: &mut Vec<(Vec<String>, Option<String>)>,
) {
    let mut i = 0;
    let depth_before = prefix.len();
    while i < tokens.len() {
        match tokens[i].as_str() {
            "::" => {}
            "{" => {
                let close = matching_brace(tokens, i);
                for item in split_top_level(&tokens[i + 1..close]) {
                    use_tree(item, prefix, leaves);
                }
                i = close;
            }
            "as" => {
                let alias = tokens.get(i + 1).cloned();
                if let Some(leaf) = leaves.last_mut() {
                    leaf.1 = alias.filter(|a| a != "_");
                }
                i += 1;
            }
            "self" if !prefix.is_empty() => {
                leaves.push((prefix.clone(), prefix.last().cloned()));
            }
            segment => {
                prefix.push(segment.to_owned());
                let last = tokens.get(i + 1).is_none_or(|t| t != "::");
                if last {
                    let visible = (segment != "*").then(|| segment.to_owned());
                    leaves.push((prefix.clone(), visible));
                }
            }
        }
        i += 1;
    }
    prefix.truncate(depth_before);
}

fn matching_brace(tokens: &[String], open: usize) -> usize {
    let mut depth = 0;
    for (k, t) in tokens.iter().enumerate().skip(open) {
        match t.as_str() {
            "{" => depth += 1,
            "}" => {
                depth -= 1;
                if depth == 0 {
                    return k;
                }
            }
            _ => {}
        }
    }
    tokens.len()
}

fn split_top_level(tokens: &[String]) -> Vec<&[String]> {
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (k, t) in tokens.iter().enumerate() {
        match t.as_str() {
            "{" => depth += 1,
            "}" => depth -= 1,
            "," if depth == 0 => {
                parts.push(&tokens[start..k]);
                start = k + 1;
            }
            _ => {}
        }
    }
    parts.push(&tokens[start..]);
    parts.into_iter().filter(|p| !p.is_empty()).collect()
}

fn is_ident(token: &str) -> bool {
    token
        .chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_')
}

/// Splits cleaned code into identifiers, `::`, and single punctuation characters.
fn tokenize(code: &str) -> Vec<String> {
    let chars: Vec<char> = code.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_alphanumeric() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            tokens.push(word.strip_prefix("r#").map(String::from).unwrap_or(word));
            continue;
        }
        if c == ':' && chars.get(i + 1) == Some(&':') {
            tokens.push("::".to_owned());
            i += 2;
            continue;
        }
        if "*{};,():<>.=!#[]&-'".contains(c) {
            tokens.push(c.to_string());
        }
        i += 1;
    }
    tokens
}

/// Replaces comments and the contents of string and char literals with spaces, so braces and
/// paths inside them do not count; string literals that name a `crate::` path (serde's `with`)
/// are returned as uses.
fn blank_comments_and_strings(text: &str) -> (String, Vec<Vec<String>>) {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut paths = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
            continue;
        }
        if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            out.push(' ');
            continue;
        }
        let ident_before = i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_');
        // Raw strings: r"..", r#".."#, br#".."#.
        if (c == 'r' || (c == 'b' && next == Some('r'))) && !ident_before {
            let mut j = if c == 'b' { i + 2 } else { i + 1 };
            let mut hashes = 0;
            while chars.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if chars.get(j) == Some(&'"') {
                let start = j + 1;
                let mut k = start;
                loop {
                    if k >= chars.len() {
                        break;
                    }
                    if chars[k] == '"' && (0..hashes).all(|h| chars.get(k + 1 + h) == Some(&'#')) {
                        break;
                    }
                    k += 1;
                }
                note_path(&chars[start..k.min(chars.len())], &mut paths);
                out.push_str("\"\"");
                i = k + 1 + hashes;
                continue;
            }
        }
        if c == '"' {
            let start = i + 1;
            let mut k = start;
            while k < chars.len() && chars[k] != '"' {
                k += if chars[k] == '\\' { 2 } else { 1 };
            }
            note_path(&chars[start..k.min(chars.len())], &mut paths);
            out.push_str("\"\"");
            i = k + 1;
            continue;
        }
        if c == '\'' {
            // A char literal ('x', '\n', '\u{..}'), not a lifetime ('a).
            if next == Some('\\') {
                let mut k = i + 2;
                while k < chars.len() && chars[k] != '\'' {
                    k += 1;
                }
                out.push_str("' '");
                i = k + 1;
                continue;
            }
            if chars.get(i + 2) == Some(&'\'') {
                out.push_str("' '");
                i += 3;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    (out, paths)
}

fn note_path(literal: &[char], paths: &mut Vec<Vec<String>>) {
    let text: String = literal.iter().collect();
    if text.starts_with("crate::")
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == ':')
    {
        paths.push(text.split("::").map(String::from).collect());
    }
}

/// Cycles among the modules: for each group of modules that reach each other, the shortest
/// cycle through each of its members (the same cycle reported once).
fn cycles(edges: &BTreeMap<Module, BTreeSet<Module>>) -> Vec<Vec<Module>> {
    let mut found: Vec<Vec<Module>> = Vec::new();
    let mut shown: BTreeSet<BTreeSet<Module>> = BTreeSet::new();
    for start in edges.keys() {
        let reach = reachable(edges, start);
        if !reach.contains(start) {
            continue;
        }
        let group: BTreeSet<&Module> = reach
            .iter()
            .copied()
            .filter(|n| reachable(edges, n).contains(start))
            .collect();
        let cycle = cycle_through(edges, start, &group);
        if shown.insert(cycle.iter().cloned().collect()) {
            found.push(cycle);
        }
    }
    found
}

fn reachable<'a>(
    edges: &'a BTreeMap<Module, BTreeSet<Module>>,
    from: &'a Module,
) -> BTreeSet<&'a Module> {
    let mut seen = BTreeSet::new();
    let mut stack = vec![from];
    while let Some(n) = stack.pop() {
        for next in edges.get(n).into_iter().flatten() {
            if seen.insert(next) {
                stack.push(next);
            }
        }
    }
    seen
}

/// A shortest path from `start` back to itself inside `group` (breadth first).
fn cycle_through(
    edges: &BTreeMap<Module, BTreeSet<Module>>,
    start: &Module,
    group: &BTreeSet<&Module>,
) -> Vec<Module> {
    let mut parent: BTreeMap<&Module, &Module> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(n) = queue.pop_front() {
        for next in edges.get(n).into_iter().flatten() {
            if next == start {
                let mut back = Vec::new();
                let mut at = n;
                while at != start {
                    back.push(at.clone());
                    at = parent[at];
                }
                back.reverse();
                let mut path = vec![start.clone()];
                path.extend(back);
                path.push(start.clone());
                return path;
            }
            if group.contains(next) && !parent.contains_key(next) && next != start {
                parent.insert(next, n);
                queue.push_back(next);
            }
        }
    }
    vec![start.clone()]
}
