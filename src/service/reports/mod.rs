//! Monitoring reports: counted from the records, then made safe to publish.
//!
//! Each report's builder works out exact counts ([`Counted`]); only then does this
//! module apply the publishing rule, so exact figures never leave the service unless
//! an administrator asks for working figures on screen, which is audited. A report
//! written to a file or standard output is always published figures, and is audited.

mod casework;
mod directory;
mod hate_crime;
mod people;
mod referrals;
mod scorecard;
mod third_party;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Caseline, Error, Operation, Result};
use crate::domain::report::{
    CountTable, Period, ReportName, ReportOption, ReportSettings, Rule, ShownTable, publish,
    working,
};
use crate::domain::{AuditAction, AuditNote, Direction, ListKind, ReferenceList};

/// Which figures a report shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Figures {
    /// Small counts suppressed: what may be published.
    #[default]
    Published,
    /// Exact counts: administrators, on screen only.
    Working,
}

/// A report asked for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportRequest {
    pub name: ReportName,
    pub period: Period,
    /// Only cases of this kind (a `case_kind` code), for reports that take it.
    pub kind: Option<String>,
    /// Only referrals in or out, for the referrals report.
    pub direction: Option<Direction>,
    pub figures: Figures,
    /// The format it is being written out in (`csv`, `json`, `table`), when it leaves
    /// the screen: recorded in the audit log.
    pub written_as: Option<String>,
}

impl ReportRequest {
    /// Published figures of `name` over `period`, for the screen.
    pub fn new(name: ReportName, period: Period) -> ReportRequest {
        ReportRequest {
            name,
            period,
            kind: None,
            direction: None,
            figures: Figures::Published,
            written_as: None,
        }
    }
}

/// A figure that is not a count in a table: a median, say.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fact {
    pub label: String,
    pub value: String,
}

/// A report as its reader sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportView {
    pub name: ReportName,
    pub title: String,
    pub organisation: String,
    pub period: Period,
    pub tables: Vec<ShownTable>,
    pub facts: Vec<Fact>,
    /// What the figures mean and what the records cannot tell yet.
    pub notes: Vec<String>,
    /// The publishing rule applied; `None` for working figures.
    pub rule: Option<Rule>,
    /// The rule in words (or that these are exact working figures).
    pub rule_text: String,
    /// Sealed values opened to work the report out: buckets of report facts
    /// (`store::facts_index`), and records where a report reads those.
    pub records_read: usize,
}

impl ReportView {
    /// The threshold a `<N` cell names.
    pub fn threshold(&self) -> u64 {
        self.rule.map_or(0, |r| r.threshold)
    }
}

/// A figure before the rule: a median needs enough cases behind it to be published.
pub(crate) enum ExactFact {
    /// Median days over `of` cases.
    MedianDays { label: String, days: Vec<i64> },
}

/// A report's exact figures, as a builder works them out.
#[derive(Default)]
pub(crate) struct Counted {
    pub tables: Vec<CountTable>,
    pub facts: Vec<ExactFact>,
    pub notes: Vec<String>,
    pub records_read: usize,
}

/// What every builder is given.
pub(crate) struct Scope<'a> {
    pub period: Period,
    pub kind: Option<&'a str>,
    pub direction: Option<Direction>,
    pub settings: &'a ReportSettings,
    /// Today, for "open and past due".
    pub today: NaiveDate,
}

impl Caseline {
    /// Works out a report. Caseworkers and administrators; working figures are for
    /// administrators on screen only, and showing them is audited, as is every report
    /// that leaves the screen.
    pub fn report(&self, req: &ReportRequest) -> Result<ReportView> {
        self.require(Operation::Reports)?;
        if req.figures == Figures::Working {
            self.require(Operation::WorkingFigures)?;
            if req.written_as.is_some() {
                return Err(Error::NotPermitted(
                    "working figures are for the screen only: files hold published figures".into(),
                ));
            }
        }
        // A period reaches the service in a request, not only as typed.
        req.period.check_bounds().map_err(Error::Conflict)?;
        check_options(req)?;
        if let Some(kind) = &req.kind {
            let kinds = self.reference_list(ListKind::CaseKind);
            if !kinds.contains(kind) {
                return Err(Error::Conflict(unknown_kind(kind, &kinds)));
            }
        }
        self.ensure_report_facts()?;
        let settings = self.report_settings();
        let scope = Scope {
            period: req.period,
            kind: req.kind.as_deref(),
            direction: req.direction,
            settings: &settings,
            today: crate::domain::clock::local(self.now()).date_naive(),
        };
        let counted = match req.name {
            ReportName::HateCrime => self.hate_crime_report(&scope)?,
            ReportName::Casework => self.casework_report(&scope)?,
            ReportName::WhoWeServe => self.who_we_serve_report(&scope)?,
            ReportName::Referrals => self.referrals_report(&scope)?,
            ReportName::ThirdParty => self.third_party_report(&scope)?,
            ReportName::Scorecard => self.scorecard_report(&scope)?,
            ReportName::Directory => self.directory_report(&scope)?,
        };
        let rule = settings.rule();
        let view = self.shown(req, counted, rule);
        self.audit_report(req, &view)?;
        Ok(view)
    }

    /// The report settings in force.
    pub fn report_settings(&self) -> ReportSettings {
        self.settings().reports.clone()
    }

    fn shown(&self, req: &ReportRequest, c: Counted, rule: Rule) -> ReportView {
        let exact = req.figures == Figures::Working;
        let tables = c
            .tables
            .iter()
            .map(|t| if exact { working(t) } else { publish(t, &rule) })
            .collect();
        let facts = c
            .facts
            .into_iter()
            .map(|f| fact(f, (!exact).then_some(rule)))
            .collect();
        let rule_text = if exact {
            "Working figures: exact counts, not for publication.".to_string()
        } else {
            rule.describe()
        };
        ReportView {
            name: req.name,
            title: req.name.title().to_string(),
            organisation: self.settings().organisation.clone(),
            period: req.period,
            tables,
            facts,
            notes: c.notes,
            rule: (!exact).then_some(rule),
            rule_text,
            records_read: c.records_read,
        }
    }

    fn audit_report(&self, req: &ReportRequest, view: &ReportView) -> Result<()> {
        let what = format!("report {} for {}", req.name, req.period);
        let note = match (&req.written_as, req.figures) {
            (Some(format), _) => AuditNote::new(AuditAction::Export)
                .detail(format!("{what} written as {format}, published figures")),
            (None, Figures::Working) => AuditNote::new(AuditAction::Report)
                .detail(format!("{what}: working figures shown on screen")),
            (None, Figures::Published) => return Ok(()),
        };
        let _ = view;
        self.audit_event(note)
    }
}

/// Refuses an option the report does not take, naming the ones it does.
fn check_options(req: &ReportRequest) -> Result<()> {
    let given = [
        (req.kind.is_some(), ReportOption::Kind),
        (req.direction.is_some(), ReportOption::Direction),
    ];
    for (set, option) in given {
        if set && !req.name.options().contains(&option) {
            return Err(Error::Conflict(format!(
                "the {} report does not take {}; it takes: {}",
                req.name,
                option.flag(),
                req.name.option_flags()
            )));
        }
    }
    Ok(())
}

fn unknown_kind(kind: &str, list: &ReferenceList) -> String {
    let codes: Vec<&str> = list.entries.iter().map(|e| e.code.as_str()).collect();
    format!(
        "there is no case kind `{}`; the kinds are: {}",
        crate::domain::text::inert(kind),
        codes.join(", ")
    )
}

/// A figure as published: a median over fewer cases than the threshold is withheld.
fn fact(f: ExactFact, rule: Option<Rule>) -> Fact {
    match f {
        ExactFact::MedianDays { label, mut days } => {
            let value = match (days.len(), rule) {
                (0, _) => "none to go on".to_string(),
                (n, Some(r)) if (n as u64) < r.threshold => {
                    format!("withheld: fewer than {} to go on", r.threshold)
                }
                (n, _) => {
                    days.sort_unstable();
                    let mid = if n % 2 == 1 {
                        days[n / 2] as f64
                    } else {
                        (days[n / 2 - 1] + days[n / 2]) as f64 / 2.0
                    };
                    format!("{mid} days")
                }
            };
            Fact { label, value }
        }
    }
}

/// The labels of a list's values in use, as table rows.
pub(crate) fn list_rows(list: &ReferenceList) -> Vec<String> {
    list.active().map(|e| e.label.clone()).collect()
}

/// The row of a code in a table whose rows are a list's labels (a retired or unknown
/// code gets a row of its own at the foot).
pub(crate) fn row_for(table: &mut CountTable, list: &ReferenceList, code: &str) -> usize {
    table.row_of(list.label(code))
}
