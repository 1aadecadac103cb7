//! Monitoring reports: the periods they cover, their tables, and the rule that makes
//! a table safe to publish. Plain data and rules; the service fills the tables.

pub mod catalogue;
pub mod period;
pub mod scorecard;
pub mod suppress;
pub mod table;

pub use catalogue::{ReportName, ReportOption};
pub use period::{PERIOD_FORMS, Period, PeriodKind};
pub use scorecard::{Area, ReportSettings, ScorecardMap};
pub use suppress::{Rule, THRESHOLDS, publish, working};
pub use table::{CountTable, Shown, ShownTable};
