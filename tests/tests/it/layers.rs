//! The shape of `mcp-runtime`'s source: no source file imports one that
//! imports it back, and the layers point one way (protocol <- handler <-
//! server <- authorization <- transport <- entry points, with the client
//! beside the server, and the HTTP fetch helpers below both).
//!
//! Every `use` and every path in the code (`crate::..`, `super::..`, or a
//! name brought in by a `use`) is resolved to the file that defines the item,
//! following re-exports, so that a `mod.rs` that re-exports its children
//! does not count as a cycle. Paths inside macro invocations are not seen.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::{Path, PathBuf};

use syn::visit::Visit;

type ModId = usize;

/// One module: a file, or an inline `mod x { .. }` within one.
struct Module {
    file: PathBuf,
    parent: Option<ModId>,
    children: BTreeMap<String, ModId>,
    defined: BTreeSet<String>,
    /// `use` declarations: the name they bind, and the path it stands for.
    imports: BTreeMap<String, Vec<String>>,
    globs: Vec<Vec<String>>,
    /// Every multi-segment path the module's code mentions.
    refs: Vec<Vec<String>>,
}

#[derive(Default)]
struct Crate {
    modules: Vec<Module>,
}

/// Where a name leads.
enum Target {
    Module(ModId),
    Item(PathBuf),
}

impl Crate {
    fn load(root: &Path) -> Self {
        let mut krate = Crate::default();
        krate.load_file(root, None, root.parent().expect("src").to_path_buf());
        krate
    }

    /// Loads a file-backed module; `dir` is where its child files live.
    fn load_file(&mut self, file: &Path, parent: Option<ModId>, dir: PathBuf) -> ModId {
        let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let ast = syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        self.load_items(file, parent, &ast.items, &dir)
    }

    fn load_items(&mut self, file: &Path, parent: Option<ModId>, items: &[syn::Item], dir: &Path) -> ModId {
        let id = self.modules.len();
        self.modules.push(Module {
            file: file.to_path_buf(),
            parent,
            children: BTreeMap::new(),
            defined: BTreeSet::new(),
            imports: BTreeMap::new(),
            globs: Vec::new(),
            refs: Vec::new(),
        });
        for item in items {
            self.load_item(id, item, dir);
        }
        id
    }

    fn load_item(&mut self, id: ModId, item: &syn::Item, dir: &Path) {
        if is_test_only(item) {
            return;
        }
        match item {
            syn::Item::Mod(m) => {
                let name = m.ident.to_string();
                let child = match &m.content {
                    Some((_, items)) => {
                        let file = self.modules[id].file.clone();
                        self.load_items(&file, Some(id), items, &dir.join(&name))
                    }
                    None => {
                        let (file, child_dir) = child_file(dir, &name);
                        self.load_file(&file, Some(id), child_dir)
                    }
                };
                self.modules[id].children.insert(name, child);
            }
            syn::Item::Use(u) => {
                let mut bindings = Vec::new();
                flatten_use(&u.tree, Vec::new(), &mut bindings);
                let module = &mut self.modules[id];
                for (name, path) in bindings {
                    module.refs.push(path.clone());
                    match name {
                        Some(name) => {
                            module.imports.insert(name, path);
                        }
                        None => module.globs.push(path),
                    }
                }
            }
            other => {
                if let Some(name) = item_name(other) {
                    self.modules[id].defined.insert(name);
                }
                let mut paths = PathCollector::default();
                paths.visit_item(other);
                self.modules[id].refs.extend(paths.0);
            }
        }
    }

    /// What `name` means inside module `id`.
    fn lookup(&self, id: ModId, name: &str, depth: usize) -> Option<Target> {
        let module = &self.modules[id];
        if let Some(&child) = module.children.get(name) {
            return Some(Target::Module(child));
        }
        if module.defined.contains(name) {
            return Some(Target::Item(module.file.clone()));
        }
        if let Some(path) = module.imports.get(name) {
            return self.resolve(id, path, depth + 1);
        }
        module.globs.iter().find_map(|glob| {
            let mut path = glob.clone();
            path.push(name.to_owned());
            self.resolve(id, &path, depth + 1)
        })
    }

    /// The module or item a path (as written in module `from`) leads to.
    fn resolve(&self, from: ModId, path: &[String], depth: usize) -> Option<Target> {
        if depth > 16 {
            return None;
        }
        let (first, rest) = path.split_first()?;
        let mut current = match first.as_str() {
            "crate" => 0,
            "self" => from,
            "super" => self.modules[from].parent?,
            name => match self.lookup(from, name, depth)? {
                Target::Module(m) => m,
                item => return Some(item),
            },
        };
        for segment in rest {
            if segment == "super" {
                current = self.modules[current].parent?;
                continue;
            }
            match self.lookup(current, segment, depth)? {
                Target::Module(m) => current = m,
                item => return Some(item),
            }
        }
        Some(Target::Module(current))
    }

    fn target_file(&self, target: Target) -> PathBuf {
        match target {
            Target::Module(m) => self.modules[m].file.clone(),
            Target::Item(file) => file,
        }
    }

    /// Every file-to-file import.
    fn edges(&self) -> BTreeMap<PathBuf, BTreeSet<PathBuf>> {
        let mut edges: BTreeMap<PathBuf, BTreeSet<PathBuf>> = BTreeMap::new();
        for (id, module) in self.modules.iter().enumerate() {
            let from = &module.file;
            edges.entry(from.clone()).or_default();
            for path in &module.refs {
                let Some(target) = self.resolve(id, path, 0) else { continue };
                let to = self.target_file(target);
                if &to != from {
                    edges.entry(from.clone()).or_default().insert(to);
                }
            }
        }
        edges
    }
}

/// `mod name;` declared in a module whose children live in `dir`.
fn child_file(dir: &Path, name: &str) -> (PathBuf, PathBuf) {
    let flat = dir.join(format!("{name}.rs"));
    if flat.exists() {
        return (flat, dir.join(name));
    }
    (dir.join(name).join("mod.rs"), dir.join(name))
}

fn is_test_only(item: &syn::Item) -> bool {
    let attrs = match item {
        syn::Item::Mod(m) => &m.attrs,
        syn::Item::Fn(f) => &f.attrs,
        syn::Item::Use(u) => &u.attrs,
        syn::Item::Impl(i) => &i.attrs,
        _ => return false,
    };
    attrs
        .iter()
        .any(|a| a.path().is_ident("cfg") && a.meta.require_list().is_ok_and(|l| l.tokens.to_string().trim() == "test"))
}

fn item_name(item: &syn::Item) -> Option<String> {
    let ident = match item {
        syn::Item::Const(i) => &i.ident,
        syn::Item::Enum(i) => &i.ident,
        syn::Item::Fn(i) => &i.sig.ident,
        syn::Item::Macro(i) => i.ident.as_ref()?,
        syn::Item::Static(i) => &i.ident,
        syn::Item::Struct(i) => &i.ident,
        syn::Item::Trait(i) => &i.ident,
        syn::Item::Type(i) => &i.ident,
        syn::Item::Union(i) => &i.ident,
        _ => return None,
    };
    Some(ident.to_string())
}

/// The (name, path) pairs a use tree binds; `None` for a glob.
fn flatten_use(tree: &syn::UseTree, prefix: Vec<String>, out: &mut Vec<(Option<String>, Vec<String>)>) {
    let with = |segment: String| {
        let mut path = prefix.clone();
        path.push(segment);
        path
    };
    match tree {
        syn::UseTree::Path(p) => flatten_use(&p.tree, with(p.ident.to_string()), out),
        syn::UseTree::Name(n) if n.ident == "self" => {
            out.push((prefix.last().cloned(), prefix.clone()));
        }
        syn::UseTree::Name(n) => out.push((Some(n.ident.to_string()), with(n.ident.to_string()))),
        syn::UseTree::Rename(r) => out.push((Some(r.rename.to_string()), with(r.ident.to_string()))),
        syn::UseTree::Glob(_) => out.push((None, prefix)),
        syn::UseTree::Group(g) => {
            for tree in &g.items {
                flatten_use(tree, prefix.clone(), out);
            }
        }
    }
}

/// Collects every path of two or more segments, not starting with `::`.
#[derive(Default)]
struct PathCollector(Vec<Vec<String>>);

impl<'ast> Visit<'ast> for PathCollector {
    fn visit_path(&mut self, path: &'ast syn::Path) {
        if path.leading_colon.is_none() && path.segments.len() > 1 {
            self.0.push(path.segments.iter().map(|s| s.ident.to_string()).collect());
        }
        syn::visit::visit_path(self, path);
    }

    fn visit_item_mod(&mut self, _: &'ast syn::ItemMod) {}

    // `pub(in crate::x)` names a module for visibility; it imports nothing.
    fn visit_visibility(&mut self, _: &'ast syn::Visibility) {}
}

/// The layer of a file, by the top-level module it belongs to.
fn layer(src: &Path, file: &Path) -> (&'static str, u8) {
    let relative = file.strip_prefix(src).expect("under src");
    let top = relative.components().next().and_then(|c| c.as_os_str().to_str()).unwrap_or("");
    match top.trim_end_matches(".rs") {
        "util" => ("util", 0),
        "observe" => ("observe", 0),
        "protocol" => ("protocol", 1),
        "handler" => ("handler", 2),
        "store" => ("store", 2),
        "server" => ("server", 3),
        "fetch" => ("fetch", 2),
        "authorization" => ("authorization", 4),
        "transport" => ("transport", 5),
        "client" => ("client", 5),
        _ => ("entry points", 6),
    }
}

/// One cycle through `start` inside its strongly connected component.
fn cycle_through(start: &PathBuf, edges: &BTreeMap<PathBuf, BTreeSet<PathBuf>>) -> Option<Vec<PathBuf>> {
    let mut came_from: BTreeMap<&PathBuf, &PathBuf> = BTreeMap::new();
    let mut queue = VecDeque::from([start]);
    while let Some(node) = queue.pop_front() {
        for next in edges.get(node).into_iter().flatten() {
            if next == start {
                let mut cycle = vec![node.clone()];
                let mut at = node;
                while let Some(&prev) = came_from.get(at) {
                    cycle.push(prev.clone());
                    at = prev;
                }
                cycle.reverse();
                return Some(cycle);
            }
            if next != start && !came_from.contains_key(next) {
                came_from.insert(next, node);
                queue.push_back(next);
            }
        }
    }
    None
}

fn runtime_src() -> PathBuf {
    mcp_tests::workspace_root().join("mcp-runtime").join("src")
}

fn show(src: &Path, files: &[PathBuf]) -> String {
    files.iter().map(|f| f.strip_prefix(src).unwrap_or(f).display().to_string()).collect::<Vec<_>>().join(" -> ")
}

#[test]
fn no_source_file_imports_one_that_imports_it_back() {
    let src = runtime_src();
    let edges = Crate::load(&src.join("lib.rs")).edges();
    let mut cycles = BTreeSet::new();
    for file in edges.keys() {
        if let Some(mut cycle) = cycle_through(file, &edges) {
            let min = cycle.iter().enumerate().min_by_key(|(_, f)| (*f).clone()).map_or(0, |(i, _)| i);
            cycle.rotate_left(min);
            cycle.push(cycle[0].clone());
            cycles.insert(show(&src, &cycle));
        }
    }
    assert!(
        cycles.is_empty(),
        "import cycles among mcp-runtime's files:\n  {}",
        cycles.into_iter().collect::<Vec<_>>().join("\n  ")
    );
}

#[test]
fn layers_point_one_way() {
    let src = runtime_src();
    let edges = Crate::load(&src.join("lib.rs")).edges();
    let mut wrong = Vec::new();
    for (from, targets) in &edges {
        let (from_layer, from_rank) = layer(&src, from);
        for to in targets {
            let (to_layer, to_rank) = layer(&src, to);
            let client_crossing = (from_layer == "client") != (to_layer == "client") && from_rank < 6 && to_rank > 2;
            if to_rank > from_rank || client_crossing {
                wrong.push(format!(
                    "{} ({from_layer}) imports {} ({to_layer})",
                    show(&src, std::slice::from_ref(from)),
                    show(&src, std::slice::from_ref(to))
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the layers (util <- protocol <- handler, store, fetch <- server <- authorization <- transport <- entry points; the client beside the server, authorization and transports):\n  {}",
        wrong.join("\n  ")
    );
}

#[test]
fn the_checker_sees_through_re_exports() {
    let src = runtime_src();
    let edges = Crate::load(&src.join("lib.rs")).edges();
    let lib = src.join("lib.rs");
    // lib.rs re-exports `Server` from server/, whose files define it.
    assert!(edges[&lib].iter().any(|f| f.starts_with(src.join("server"))), "{:?}", edges[&lib]);
}
