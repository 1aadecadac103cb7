//! Turning a template and a case's facts into the words of a letter.
//!
//! Templates are typed by administrators, so they are run with limits: a fuel budget
//! (a loop that never ends is stopped), a recursion limit, no way to load other files,
//! and strict undefined names (a misspelt field is an error, never a blank). Before
//! anything is rendered, the names the template uses are compared with the fields the
//! case has: a missing one is named in words, and the letter is not made unless the
//! worker fills it by hand.

use std::collections::{BTreeMap, BTreeSet};

use minijinja::{AutoEscape, Environment, ErrorKind, UndefinedBehavior};

use super::facts::{self, Facts, Gap};

/// Enough for a chronology of thousands of entries; a runaway loop runs out.
const FUEL: u64 = 2_000_000;
/// How deep template blocks and calls may nest.
const RECURSION: usize = 50;
/// The longest letter a template may produce, in bytes.
const MAX_OUTPUT: usize = 400_000;
/// Names the template engine provides itself.
const GLOBALS: [&str; 4] = ["range", "dict", "namespace", "loop"];

/// Why a letter could not be made, in words a worker can act on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LetterError {
    /// The template is broken: which, where, and what is wrong.
    #[error("template \"{template}\"{}: {what}", line_of(*.line))]
    Template {
        template: String,
        line: Option<usize>,
        what: String,
    },
    /// Fields the letter needs that the case does not have.
    #[error("{}; fill them in by hand or add them to the case", .0.join("; "))]
    Missing(Vec<String>),
    /// Something that must not go into a letter (the client's safe-contact rules).
    #[error("{0}")]
    Refused(String),
    /// A field filled by hand that no letter has.
    #[error("there is no field called \"{0}\" (fields: {1})")]
    UnknownField(String, String),
}

fn line_of(line: Option<usize>) -> String {
    line.map(|l| format!(", line {l}")).unwrap_or_default()
}

/// A letter's words, and the address block they were made with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Composed {
    pub body: String,
    /// The recipient's name and address, one line each.
    pub addressed_to: Vec<String>,
}

fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_fuel(Some(FUEL));
    env.set_recursion_limit(RECURSION);
    env.set_auto_escape_callback(|_| AutoEscape::None);
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    env
}

/// The error as words naming the template and line.
fn template_error(name: &str, e: &minijinja::Error) -> LetterError {
    let what = match e.kind() {
        ErrorKind::OutOfFuel => "takes too long to render and was stopped".to_string(),
        ErrorKind::TemplateNotFound | ErrorKind::BadInclude => {
            "a letter template cannot include or import other templates".to_string()
        }
        kind => match e.detail() {
            Some(d) => format!("{kind}: {d}"),
            None => kind.to_string(),
        },
    };
    LetterError::Template {
        template: name.to_string(),
        line: e.line(),
        what,
    }
}

/// The first line of `source` that mentions `name`, for an error.
fn line_naming(source: &str, name: &str) -> Option<usize> {
    let last = name.rsplit('.').next().unwrap_or(name);
    [name, last]
        .iter()
        .find_map(|n| source.lines().position(|l| l.contains(n)))
        .map(|i| i + 1)
}

/// Every name a template may use, whole fields and their groups.
fn known_names(fields: &[(&'static str, Result<String, Gap>)]) -> BTreeSet<String> {
    let mut known: BTreeSet<String> = GLOBALS.iter().map(|s| s.to_string()).collect();
    known.insert("chronology".into());
    for (path, _) in fields {
        known.insert(path.to_string());
        if let Some((group, _)) = path.split_once('.') {
            known.insert(group.to_string());
        }
    }
    known
}

/// Whether the template uses `path`, itself or through its whole group.
fn uses(used: &BTreeSet<String>, path: &str) -> bool {
    used.contains(path) || path.split_once('.').is_some_and(|(g, _)| used.contains(g))
}

/// The letter `template` (called `name`) makes from `facts`, with `filled` standing in
/// for fields the case lacks. Never panics; every refusal says why.
pub fn compose(
    name: &str,
    template: &str,
    facts: &Facts,
    filled: &BTreeMap<String, String>,
) -> Result<Composed, LetterError> {
    let env = environment();
    let tmpl = env
        .template_from_named_str(name, template)
        .map_err(|e| template_error(name, &e))?;
    let used: BTreeSet<String> = tmpl.undeclared_variables(true).into_iter().collect();
    let fields = facts::fields(facts);
    let known = known_names(&fields);
    if let Some(unknown) = used.iter().find(|u| !known.contains(u.as_str())) {
        return Err(LetterError::Template {
            template: name.to_string(),
            line: line_naming(template, unknown),
            what: format!("\"{unknown}\" is not a field a letter has"),
        });
    }
    let values = settle(&fields, &used, filled)?;
    if uses(&used, "chronology") && facts.chronology.is_empty() {
        return Err(LetterError::Missing(vec![
            "no timeline entries were chosen for the chronology".into(),
        ]));
    }
    let body = tmpl
        .render(facts::context(&values, facts))
        .map_err(|e| template_error(name, &e))?;
    if body.len() > MAX_OUTPUT {
        return Err(LetterError::Template {
            template: name.to_string(),
            line: None,
            what: format!("makes a letter longer than {} KB", MAX_OUTPUT / 1000),
        });
    }
    let mut addressed_to = vec![values["recipient.name"].clone()];
    addressed_to.extend(address_lines(&values["recipient.address"]));
    Ok(Composed {
        body: tidy(&body),
        addressed_to,
    })
}

/// The value of every field, filled by hand where given; a field the template (or the
/// address block, which always needs the recipient's address) uses without a value is
/// named, and a refused one stops the letter.
fn settle(
    fields: &[(&'static str, Result<String, Gap>)],
    used: &BTreeSet<String>,
    filled: &BTreeMap<String, String>,
) -> Result<BTreeMap<&'static str, String>, LetterError> {
    for key in filled.keys() {
        if !fields.iter().any(|(p, _)| p == key) {
            let names: Vec<&str> = fields.iter().map(|(p, _)| *p).collect();
            return Err(LetterError::UnknownField(key.clone(), names.join(", ")));
        }
    }
    let mut values = BTreeMap::new();
    let mut missing = Vec::new();
    for (path, value) in fields {
        let needed = uses(used, path) || *path == "recipient.address";
        let by_hand = filled.get(*path).filter(|v| !v.trim().is_empty());
        match (value, by_hand) {
            (Err(Gap::Refused(why)), _) if needed || by_hand.is_some() => {
                return Err(LetterError::Refused(why.clone()));
            }
            (Err(Gap::Refused(_)), None) => {}
            (_, Some(text)) => {
                values.insert(*path, text.trim().to_string());
            }
            (Ok(v), None) => {
                values.insert(*path, v.clone());
            }
            (Err(Gap::Missing(why)), None) if needed => missing.push(why.clone()),
            (Err(Gap::Missing(_)), None) => {}
        }
    }
    missing.dedup();
    if missing.is_empty() {
        Ok(values)
    } else {
        Err(LetterError::Missing(missing))
    }
}

/// An address kept on one line, as lines for the address block.
fn address_lines(address: &str) -> Vec<String> {
    address
        .split([',', '\n'])
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect()
}

/// Trailing spaces off each line, at most one blank line in a row, no blank ends.
fn tidy(text: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    for line in text.lines().map(str::trim_end) {
        if line.is_empty() && out.last().is_none_or(|l| l.is_empty()) {
            continue;
        }
        out.push(line);
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    out.join("\n")
}

/// Checks that a template compiles and renders with every field present, so an
/// administrator hears of a fault when saving it rather than a worker when using it.
pub fn check_template(name: &str, template: &str) -> Result<(), LetterError> {
    let facts = super::defaults::sample_facts();
    let filled = BTreeMap::new();
    compose(name, template, &facts, &filled).map(|_| ())
}
