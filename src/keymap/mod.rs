//! Keymaps: which key does what, per context, from TOML files.
//!
//! `keymaps/default.toml` is built into the binary. A user file (from the platform
//! config directory, or `--keymap FILE`) is merged over it key by key, and may start
//! from the vi preset with `base = "vi"`. Every file is checked when it is loaded; a bad
//! user file is reported with file and line and the defaults are used instead, so a
//! typo never stops a worker from starting the program.

mod action;
mod key;

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

pub use action::{Action, Context};
pub use key::{BadKey, Code, Key};

/// The built-in keymap.
pub const DEFAULT_TOML: &str = include_str!("../../keymaps/default.toml");
/// The vi preset, a layer over the default.
pub const VI_TOML: &str = include_str!("../../keymaps/vi.toml");

/// Actions that must have a key in the merged keymap.
const REQUIRED: [(Context, Action); 4] = [
    (Context::Global, Action::Quit),
    (Context::Global, Action::Help),
    (Context::Form, Action::Save),
    (Context::Form, Action::Cancel),
];

/// A problem in a keymap file, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    /// 1-based; 0 when the problem is with the whole keymap.
    pub line: usize,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(f, "{}:{}: {}", self.file, self.line, self.message)
        } else {
            write!(f, "{}: {}", self.file, self.message)
        }
    }
}

/// One file's bindings: `None` unbinds a key the base binds.
#[derive(Debug, Clone, Default)]
struct Layer {
    base: Option<String>,
    bindings: BTreeMap<Context, BTreeMap<Key, (Option<Action>, usize)>>,
}

/// The keys in force.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    bindings: BTreeMap<Context, BTreeMap<Key, Action>>,
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// Reads one keymap file, collecting every problem with its line.
struct Parser<'t> {
    text: &'t str,
    file: &'t str,
    problems: Vec<Problem>,
}

type Section<'i> = toml::de::DeTable<'i>;
type Spanned<T> = toml::Spanned<T>;

impl Parser<'_> {
    fn problem(&mut self, offset: usize, message: impl Into<String>) {
        let line = line_of(self.text, offset);
        self.problems.push(Problem {
            file: self.file.to_string(),
            line,
            message: message.into(),
        });
    }

    /// One `key = "action"` line; `None` when it is wrong (the problem is recorded).
    fn binding(
        &mut self,
        k: &Spanned<toml::de::DeString>,
        v: &Spanned<toml::de::DeValue>,
    ) -> Option<(Key, Option<Action>)> {
        let key: Key = match k.get_ref().parse() {
            Ok(key) => key,
            Err(BadKey(m)) => {
                self.problem(k.span().start, m);
                return None;
            }
        };
        let action = match v.get_ref().as_str() {
            Some("none") => None,
            Some(a) => match a.parse::<Action>() {
                Ok(a) => Some(a),
                Err(m) => {
                    self.problem(
                        v.span().start,
                        format!("{m} (see `caseline keymap show` for the actions)"),
                    );
                    return None;
                }
            },
            None => {
                self.problem(
                    v.span().start,
                    "an action must be a string, such as \"save\"",
                );
                return None;
            }
        };
        Some((key, action))
    }

    /// One `[section]` of bindings.
    fn section(&mut self, ctx: Context, section: &Section, layer: &mut Layer) {
        let mut entries: Vec<_> = section.iter().collect();
        entries.sort_by_key(|(k, _)| k.span().start);
        for (k, v) in entries {
            let at = k.span().start;
            let Some((key, action)) = self.binding(k, v) else {
                continue;
            };
            if ctx.types_text() && key.is_printable() && action.is_some() {
                let name = ctx.name();
                self.problem(
                    at,
                    format!("`{key}` types text, so it cannot be bound in [{name}]: use a key with C- or A-, or a named key"),
                );
                continue;
            }
            let line = line_of(self.text, at);
            if let Some((_, first)) = layer
                .bindings
                .entry(ctx)
                .or_default()
                .insert(key, (action, line))
            {
                self.problem(
                    at,
                    format!(
                        "`{key}` is bound twice in [{}] (also on line {first})",
                        ctx.name()
                    ),
                );
            }
        }
    }
}

fn parse_layer(text: &str, file: &str) -> Result<Layer, Vec<Problem>> {
    let table = toml::de::DeTable::parse(text).map_err(|e| {
        let line = e.span().map(|s| line_of(text, s.start)).unwrap_or(0);
        vec![Problem {
            file: file.to_string(),
            line,
            message: format!("not valid TOML: {}", e.message()),
        }]
    })?;
    let mut parser = Parser {
        text,
        file,
        problems: Vec::new(),
    };
    let mut layer = Layer::default();
    let mut sections: Vec<_> = table.get_ref().iter().collect();
    sections.sort_by_key(|(k, _)| k.span().start);
    for (name, value) in sections {
        let at = name.span().start;
        if name.get_ref().as_ref() == "base" {
            match value.get_ref().as_str() {
                Some(b) => layer.base = Some(b.to_string()),
                None => parser.problem(at, "`base` must be a preset name, such as \"vi\""),
            }
            continue;
        }
        match (
            name.get_ref().parse::<Context>(),
            value.get_ref().as_table(),
        ) {
            (Err(e), _) => parser.problem(at, e),
            (Ok(ctx), None) => parser.problem(
                at,
                format!("[{}] must be a table of key = \"action\"", ctx.name()),
            ),
            (Ok(ctx), Some(section)) => parser.section(ctx, section, &mut layer),
        }
    }
    if parser.problems.is_empty() {
        Ok(layer)
    } else {
        Err(parser.problems)
    }
}

impl Keymap {
    /// The built-in keymap (checked by a test, so it cannot fail).
    pub fn builtin() -> Keymap {
        Keymap::from_layers(&[("keymaps/default.toml", DEFAULT_TOML)])
            .expect("the built-in keymap is valid")
    }

    /// A named preset: `default` or `vi`.
    pub fn preset(name: &str) -> Option<Keymap> {
        match name {
            "default" => Some(Keymap::builtin()),
            "vi" => Keymap::from_layers(&[
                ("keymaps/default.toml", DEFAULT_TOML),
                ("keymaps/vi.toml", VI_TOML),
            ])
            .ok(),
            _ => None,
        }
    }

    /// Merges `(file name, text)` layers in order, each over the ones before, and checks the result.
    fn from_layers(layers: &[(&str, &str)]) -> Result<Keymap, Vec<Problem>> {
        let mut bindings: BTreeMap<Context, BTreeMap<Key, Action>> = BTreeMap::new();
        let mut last = "";
        for (file, text) in layers {
            last = file;
            let layer = parse_layer(text, file)?;
            for (ctx, keys) in layer.bindings {
                let target = bindings.entry(ctx).or_default();
                for (key, (action, _)) in keys {
                    match action {
                        Some(a) => target.insert(key, a),
                        None => target.remove(&key),
                    };
                }
            }
        }
        let keymap = Keymap { bindings };
        let missing: Vec<Problem> = REQUIRED
            .iter()
            .filter(|(ctx, a)| keymap.keys_for(*ctx, *a).is_empty())
            .map(|(ctx, a)| Problem {
                file: last.to_string(),
                line: 0,
                message: format!(
                    "`{a}` has no key in [{}]: every keymap needs quit, help, save and cancel",
                    ctx.name()
                ),
            })
            .collect();
        if missing.is_empty() {
            Ok(keymap)
        } else {
            Err(missing)
        }
    }

    /// Loads a user keymap file over the default (or the preset it names).
    pub fn from_user_file(path: &Path) -> Result<Keymap, Vec<Problem>> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| {
            vec![Problem {
                file: file.clone(),
                line: 0,
                message: format!("cannot read: {e}"),
            }]
        })?;
        Keymap::from_user_text(&text, &file)
    }

    /// Loads keymap text over the default (or the preset it names).
    pub fn from_user_text(text: &str, file: &str) -> Result<Keymap, Vec<Problem>> {
        let layer = parse_layer(text, file)?;
        let mut layers = vec![("keymaps/default.toml", DEFAULT_TOML)];
        match layer.base.as_deref() {
            None | Some("default") => {}
            Some("vi") => layers.push(("keymaps/vi.toml", VI_TOML)),
            Some(other) => {
                return Err(vec![Problem {
                    file: file.to_string(),
                    line: 0,
                    message: format!(
                        "unknown base preset `{other}`: the presets are default and vi"
                    ),
                }]);
            }
        }
        layers.push((file, text));
        Keymap::from_layers(&layers)
    }

    /// The user's keymap, or the default with the reasons it could not be used: a bad
    /// user file never stops the program.
    pub fn load(user: Option<&Path>) -> (Keymap, Vec<Problem>) {
        match user {
            Some(path) if path.exists() => match Keymap::from_user_file(path) {
                Ok(k) => (k, Vec::new()),
                Err(problems) => (Keymap::builtin(), problems),
            },
            _ => (Keymap::builtin(), Vec::new()),
        }
    }

    /// What `key` does in `ctx`, falling back along [`Context::chain`] (at last to
    /// the global bindings).
    pub fn lookup(&self, ctx: Context, key: Key) -> Option<Action> {
        ctx.chain()
            .iter()
            .find_map(|c| self.bindings.get(c).and_then(|b| b.get(&key)).copied())
    }

    /// The keys bound to `action` in `ctx` (its own section, then those it falls back to),
    /// leaving out keys an earlier section takes for something else.
    pub fn keys_for(&self, ctx: Context, action: Action) -> Vec<Key> {
        let mut keys: Vec<Key> = ctx
            .chain()
            .iter()
            .filter_map(|c| self.bindings.get(c))
            .flat_map(|b| b.iter().filter(|(_, a)| **a == action).map(|(k, _)| *k))
            .filter(|k| self.lookup(ctx, *k) == Some(action))
            .collect();
        keys.dedup();
        keys
    }

    /// The key to show for `action` in hint bars: the context's own before the ones
    /// it falls back to and, within the context, a named key (`esc`, `enter`) before
    /// a letter.
    pub fn hint(&self, ctx: Context, action: Action) -> String {
        let own = self
            .bindings
            .get(&ctx)
            .into_iter()
            .flat_map(|b| b.iter())
            .filter(|(_, a)| **a == action);
        let named = own.clone().map(|(k, _)| *k).find(|k| !k.is_printable());
        named
            .or_else(|| own.map(|(k, _)| *k).next())
            .or_else(|| self.keys_for(ctx, action).first().copied())
            .as_ref()
            .map(Key::to_string)
            .unwrap_or_else(|| "unbound".into())
    }

    /// Every binding of one context's own section, in key order.
    pub fn section(&self, ctx: Context) -> Vec<(Key, Action)> {
        self.bindings
            .get(&ctx)
            .map(|b| b.iter().map(|(k, a)| (*k, *a)).collect())
            .unwrap_or_default()
    }
}

/// The user keymap's usual place: `keymap.toml` in the platform config directory.
pub fn user_keymap_path() -> Option<std::path::PathBuf> {
    directories::ProjectDirs::from("org", "caseline", "caseline")
        .map(|d| d.config_dir().join("keymap.toml"))
}

#[cfg(test)]
mod tests;
