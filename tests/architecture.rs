//! The layers of ARCHITECTURE.md, checked on the source: which module may import which, and no import circle
//! between the files of a folder. Parsed with `syn`, so a path counts wherever it is written (a `use`, a
//! type, a call), except in test code (`#[cfg(test)]`), which may reach anywhere.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use syn::visit::Visit;

/// A module of the crate, by its path below `crate` (`["tui", "dialog", "ship"]`).
type Module = Vec<String>;

struct Source {
    module: Module,
    file: syn::File,
}

fn sources() -> Vec<Source> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    collect(&root, &mut files);
    files
        .into_iter()
        .map(|path| {
            let rel = path.strip_prefix(&root).unwrap_or(&path).with_extension("");
            let mut module: Module = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if matches!(
                module.last().map(String::as_str),
                Some("mod" | "lib" | "main")
            ) {
                module.pop();
            }
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            let file = syn::parse_file(&text)
                .unwrap_or_else(|e| panic!("{} does not parse: {e}", path.display()));
            Source { module, file }
        })
        .collect()
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            collect(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

fn is_test(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("cfg")
            && a.meta
                .require_list()
                .is_ok_and(|l| l.tokens.to_string().contains("test"))
    })
}

/// Every path written in a file (outside test code), as segments, with `use` trees expanded.
#[derive(Default)]
struct Paths(Vec<Vec<String>>);

impl Paths {
    fn tree(&mut self, prefix: &[String], tree: &syn::UseTree) {
        let mut p = prefix.to_vec();
        match tree {
            syn::UseTree::Path(x) => {
                p.push(x.ident.to_string());
                self.tree(&p, &x.tree);
            }
            syn::UseTree::Name(x) => {
                if x.ident != "self" {
                    p.push(x.ident.to_string());
                }
                self.0.push(p);
            }
            syn::UseTree::Rename(x) => {
                p.push(x.ident.to_string());
                self.0.push(p);
            }
            syn::UseTree::Glob(_) => self.0.push(p),
            syn::UseTree::Group(g) => g.items.iter().for_each(|t| self.tree(&p, t)),
        }
    }
}

impl<'a> Visit<'a> for Paths {
    fn visit_item(&mut self, i: &'a syn::Item) {
        let attrs = match i {
            syn::Item::Mod(m) => &m.attrs,
            syn::Item::Fn(f) => &f.attrs,
            syn::Item::Use(u) => &u.attrs,
            syn::Item::Impl(x) => &x.attrs,
            _ => return syn::visit::visit_item(self, i),
        };
        if !is_test(attrs) {
            syn::visit::visit_item(self, i);
        }
    }
    fn visit_item_use(&mut self, u: &'a syn::ItemUse) {
        self.tree(&[], &u.tree);
    }
    fn visit_path(&mut self, p: &'a syn::Path) {
        self.0
            .push(p.segments.iter().map(|s| s.ident.to_string()).collect());
        syn::visit::visit_path(self, p);
    }
}

/// Which modules each module's file names, resolved to the longest module that exists.
fn graph() -> BTreeMap<Module, BTreeSet<Module>> {
    let sources = sources();
    let known: BTreeSet<Module> = sources.iter().map(|s| s.module.clone()).collect();
    let mut out = BTreeMap::new();
    for s in &sources {
        let mut paths = Paths::default();
        paths.visit_file(&s.file);
        let mut deps = BTreeSet::new();
        for p in paths.0 {
            let mut abs: Module = match p.first().map(String::as_str) {
                Some("crate") => Vec::new(),
                Some("super") => s.module.clone(),
                Some("self") => {
                    let mut m = s.module.clone();
                    m.push(String::new());
                    m
                }
                _ => continue,
            };
            for seg in &p {
                match seg.as_str() {
                    "crate" => {}
                    "super" | "self" => {
                        abs.pop();
                    }
                    _ => abs.push(seg.clone()),
                }
            }
            abs.retain(|x| !x.is_empty());
            while !abs.is_empty() && !known.contains(&abs) {
                abs.pop();
            }
            if !abs.is_empty() && abs != s.module {
                deps.insert(abs);
            }
        }
        out.insert(s.module.clone(), deps);
    }
    out
}

/// Strongly connected groups of more than one module (Tarjan), each sorted.
fn circles(g: &BTreeMap<Module, BTreeSet<Module>>) -> Vec<Vec<String>> {
    struct St<'g> {
        g: &'g BTreeMap<Module, BTreeSet<Module>>,
        index: BTreeMap<&'g Module, usize>,
        low: BTreeMap<&'g Module, usize>,
        stack: Vec<&'g Module>,
        on: BTreeSet<&'g Module>,
        out: Vec<Vec<String>>,
    }
    fn visit<'g>(st: &mut St<'g>, v: &'g Module) {
        let n = st.index.len();
        st.index.insert(v, n);
        st.low.insert(v, n);
        st.stack.push(v);
        st.on.insert(v);
        for w in st.g.get(v).into_iter().flatten() {
            let Some((w, _)) = st.g.get_key_value(w) else {
                continue;
            };
            if !st.index.contains_key(w) {
                visit(st, w);
                let lw = st.low[w];
                let lv = st.low[v];
                st.low.insert(v, lv.min(lw));
            } else if st.on.contains(w) {
                let iw = st.index[w];
                let lv = st.low[v];
                st.low.insert(v, lv.min(iw));
            }
        }
        if st.low[v] == st.index[v] {
            let mut group = Vec::new();
            while let Some(w) = st.stack.pop() {
                st.on.remove(w);
                group.push(w.join("::"));
                if w == v {
                    break;
                }
            }
            if group.len() > 1 {
                group.sort();
                st.out.push(group);
            }
        }
    }
    let mut st = St {
        g,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        out: Vec::new(),
    };
    for v in g.keys() {
        if !st.index.contains_key(v) {
            visit(&mut st, v);
        }
    }
    st.out
}

/// The graph restricted to the modules under `top` (the edges between them).
fn inside(g: &BTreeMap<Module, BTreeSet<Module>>, top: &str) -> BTreeMap<Module, BTreeSet<Module>> {
    let under = |m: &Module| m.first().is_some_and(|f| f == top);
    g.iter()
        .filter(|(m, _)| under(m))
        .map(|(m, d)| (m.clone(), d.iter().filter(|x| under(x)).cloned().collect()))
        .collect()
}

#[test]
fn no_import_circle_inside_a_folder() {
    let g = graph();
    for top in ["tui", "api", "domain", "ops", "store"] {
        let found = circles(&inside(&g, top));
        assert!(
            found.is_empty(),
            "import circles inside src/{top}/: {found:#?}"
        );
    }
}

/// Faces → ops → store, api → domain; the simulator → domain only; nothing below reaches up.
#[test]
fn layers_point_down() {
    let allowed: &[(&str, &[&str])] = &[
        ("domain", &[]),
        ("sim", &["domain"]),
        ("api", &["domain"]),
        ("store", &["domain", "api"]),
        ("ops", &["domain", "api", "store"]),
    ];
    let mut wrong = Vec::new();
    for (m, deps) in graph() {
        let Some(top) = m.first() else { continue };
        let Some((_, may)) = allowed.iter().find(|(t, _)| t == top) else {
            continue;
        };
        for d in deps {
            let Some(dtop) = d.first() else { continue };
            if dtop != top && !may.contains(&dtop.as_str()) && dtop != "i18n" {
                wrong.push(format!("{} -> {}", m.join("::"), d.join("::")));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports that point up or sideways: {wrong:#?}"
    );
}

/// Dialogs read the world through `dialog::Ctx` and change only themselves: they never import the `App`,
/// the code that changes it (`update/`), or the queue's screen-level helpers.
#[test]
fn dialogs_own_their_state() {
    let g = graph();
    let banned = [
        ["tui", "app"].as_slice(),
        &["tui", "update"],
        &["tui", "queue", "actions"],
        &["tui", "queue", "rows"],
    ];
    let mut wrong = Vec::new();
    for (m, deps) in &g {
        if !m.starts_with(&["tui".to_string(), "dialog".to_string()]) {
            continue;
        }
        for d in deps {
            if banned
                .iter()
                .any(|b| d.starts_with(&b.iter().map(|s| s.to_string()).collect::<Vec<_>>()))
            {
                wrong.push(format!("{} -> {}", m.join("::"), d.join("::")));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "dialogs that reach past their Ctx: {wrong:#?}"
    );
}

#[test]
fn the_checker_sees_a_circle() {
    // The check itself: a two-module circle is found, a chain is not.
    let m = |s: &str| s.split("::").map(str::to_string).collect::<Module>();
    let mut g = BTreeMap::new();
    g.insert(m("tui::a"), BTreeSet::from([m("tui::b")]));
    g.insert(m("tui::b"), BTreeSet::from([m("tui::a")]));
    g.insert(m("tui::c"), BTreeSet::from([m("tui::a")]));
    assert_eq!(
        circles(&g),
        vec![vec!["tui::a".to_string(), "tui::b".to_string()]]
    );
    g.remove(&m("tui::b"));
    assert!(circles(&g).is_empty());
}
