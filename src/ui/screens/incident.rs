//! One incident, read-only, as recorded.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::domain::{Answer, Consent, PartyRole};
use crate::keymap::{Action, Context};
use crate::ui::component::{Component, Ctx, Handled, ViewCtx, keys_of};
use crate::ui::layers::open_case;
use crate::ui::msg::IncidentDetail;
use crate::ui::theme::Theme;
use crate::ui::widgets::scroll::{SCROLL_KEYS, scroll};
use crate::ui::widgets::wrap::wrap;

/// An incident's details, scrolling: one intake from the recent list, or the reports a
/// case came from (tab goes to the next).
pub struct IncidentView {
    detail: IncidentDetail,
    /// The case's other reports, in order, when read from a case.
    reports: Vec<IncidentDetail>,
    /// Which of `reports` is shown; `None` for an intake read on its own.
    at: Option<usize>,
    scroll: u16,
}

impl IncidentView {
    pub fn new(detail: IncidentDetail) -> IncidentView {
        IncidentView {
            detail,
            reports: Vec::new(),
            at: None,
            scroll: 0,
        }
    }

    /// The reports a case came from (at least one), the first shown.
    pub fn reports(reports: Vec<IncidentDetail>) -> IncidentView {
        IncidentView {
            detail: reports[0].clone(),
            reports,
            at: Some(0),
            scroll: 0,
        }
    }

    /// Shows the next (or previous) of a case's reports.
    fn turn(&mut self, forward: bool) {
        let (Some(at), n) = (self.at, self.reports.len()) else {
            return;
        };
        let to = if forward {
            (at + 1) % n
        } else {
            (at + n - 1) % n
        };
        self.at = Some(to);
        self.detail = self.reports[to].clone();
        self.scroll = 0;
    }

    fn label(&self, code: &str) -> String {
        self.detail
            .labels
            .iter()
            .find(|(c, _)| c == code)
            .map(|(_, l)| l.clone())
            .unwrap_or_else(|| code.to_string())
    }

    fn labels(&self, codes: &[String]) -> String {
        if codes.is_empty() {
            "—".into()
        } else {
            codes
                .iter()
                .map(|c| self.label(c))
                .collect::<Vec<_>>()
                .join(", ")
        }
    }

    /// The rows to draw in a box `width` columns wide inside.
    fn lines(&self, t: Theme, width: usize) -> Vec<Line<'static>> {
        let mut out = Rows {
            t,
            width,
            lines: vec![Line::from(Span::styled("People", t.heading()))],
        };
        self.people_lines(&mut out);
        out.lines.push(Line::default());
        self.incident_lines(&mut out);
        out.lines
    }

    /// Who was involved, how to reach them safely, and what they consented to.
    fn people_lines(&self, out: &mut Rows) {
        let i = &self.detail.incident;
        for party in &i.parties {
            let who = party
                .person
                .and_then(|id| self.detail.people.iter().find(|p| p.id == id))
                .map(|p| p.display_name())
                .unwrap_or_else(|| party.description.clone());
            out.push(role(party.role), who);
        }
        if i.anonymous {
            out.push("Reported", "anonymously".into());
        }
        if i.possible_duplicate {
            out.push(
                "! Possible duplicate",
                "the caller may already be on file: a caseworker should check".into(),
            );
        }
        if let Some(r) = i.channel.centre_report() {
            let name = self
                .detail
                .centre
                .clone()
                .unwrap_or_else(|| "not named".into());
            out.push("Reporting centre", name);
            if let Some(reference) = &r.reference {
                out.push("Centre's reference", reference.clone());
            }
            if let Some(on) = r.reported_on {
                out.push("Reported there", on.format("%a %-d %b %Y").to_string());
            }
            out.push("Consent at centre", r.consent.label().into());
        }
        for p in &self.detail.people {
            let contact = [
                p.contact.phone.clone(),
                p.contact.postcode.clone(),
                p.contact.email.clone(),
            ];
            let contact: Vec<String> = contact.into_iter().flatten().collect();
            if !contact.is_empty() {
                out.push(
                    "Contact",
                    format!("{}: {}", p.display_name(), contact.join(" · ")),
                );
            }
            let s = &p.safe_contact;
            let times = s
                .times
                .as_ref()
                .map(|t| format!(" · {t}"))
                .unwrap_or_default();
            let safe = format!(
                "call {} · voicemail {} · write {}{times}",
                yn(s.call),
                yn(s.voicemail),
                yn(s.write)
            );
            out.push("Safe to", safe);
            let c = &p.consents;
            let consents = format!(
                "keep {} · police {} · agencies {}",
                consent(c.store),
                consent(c.share_police),
                consent(c.share_agencies)
            );
            out.push("Consent", consents);
        }
    }

    /// What happened, when and where, why hostile, evidence and police.
    fn incident_lines(&self, out: &mut Rows) {
        let i = &self.detail.incident;
        let heading = Span::styled("What happened", out.t.heading());
        out.lines.push(Line::from(heading));
        for row in wrap(&i.narrative, out.width.saturating_sub(2)) {
            out.lines.push(Line::from(format!("  {row}")));
        }
        out.lines.push(Line::default());
        let when = i
            .occurred_at
            .map(|w| w.format("%a %-d %b %Y %H:%M").to_string())
            .unwrap_or_else(|| "not known".into());
        let about = if i.time_approximate { " (about)" } else { "" };
        out.push("When", format!("{when}{about}"));
        out.push(
            "Where",
            format!("{} {}", i.location, i.postcode.clone().unwrap_or_default()),
        );
        out.push("Kind of place", i.location_kind.label().to_string());
        out.push("Strands", self.labels(&i.strands));
        out.push("Characteristics", self.labels(&i.characteristics));
        out.push(
            "Evidence",
            format!("{} {}", self.labels(&i.evidence), i.evidence_notes),
        );
        let police = &i.police;
        let force = police.force.clone().unwrap_or_default();
        let reference = police.crime_reference.clone().unwrap_or_default();
        out.push(
            "Police",
            format!("{} {force} {reference}", yn(police.reported)),
        );
        let taken = i
            .reported_at
            .with_timezone(&crate::domain::clock::zone())
            .format("%a %-d %b %Y %H:%M")
            .to_string();
        out.push("Taken", taken);
    }
}

/// Columns of a row's label.
const LABEL: usize = 22;

/// The intake's rows being made, wrapped to the box.
struct Rows {
    t: Theme,
    width: usize,
    lines: Vec<Line<'static>>,
}

impl Rows {
    /// A labelled value (stored text: [`wrap`] draws it through `shown`). One too long
    /// for its row goes on under itself, where it is read as the same value.
    fn push(&mut self, label: &str, value: String) {
        let room = self.width.saturating_sub(LABEL).max(1);
        for (n, piece) in wrap(&value, room).into_iter().enumerate() {
            let lead = if n == 0 { label } else { "" };
            self.lines.push(Line::from(vec![
                Span::styled(format!("{lead:<LABEL$}"), self.t.dim()),
                Span::raw(piece),
            ]));
        }
    }
}

fn role(r: PartyRole) -> &'static str {
    match r {
        PartyRole::Victim => "Victim",
        PartyRole::Reporter => "Reported by",
        PartyRole::Perpetrator => "Who did it",
        PartyRole::Witness => "Witness",
    }
}

fn yn(a: Answer) -> &'static str {
    match a {
        Answer::Yes => "yes",
        Answer::No => "NO",
        Answer::Unknown => "not asked",
    }
}

fn consent(c: Consent) -> &'static str {
    match c {
        Consent::Given { .. } => "given",
        Consent::Refused { .. } => "REFUSED",
        Consent::NotAsked => "not asked",
    }
}

impl Component for IncidentView {
    /// Read from a case, the case's keys apply (tab: its next report).
    fn context(&self) -> Context {
        if self.at.is_some() {
            Context::Case
        } else {
            Context::List
        }
    }

    fn title(&self) -> String {
        match self.at {
            Some(at) => format!("Report {} of {}", at + 1, self.reports.len()),
            None => "Intake".into(),
        }
    }

    fn on_action(&mut self, action: Action, cx: &mut Ctx) -> Handled {
        if scroll(action, &mut self.scroll) {
            return Handled::Yes;
        }
        match action {
            Action::Cancel => cx.pop(),
            Action::NextPane | Action::PrevPane if self.at.is_some() => {
                self.turn(action == Action::NextPane)
            }
            // Read from its case: it is in one already.
            Action::OpenCase | Action::AttachToCase if self.at.is_some() => {
                cx.info("This report is part of the case it was opened from")
            }
            Action::OpenCase => {
                let i = &self.detail.incident;
                let layer = open_case::open_case(i.id, !i.strands.is_empty(), cx);
                cx.push(layer);
            }
            Action::AttachToCase => cx.push(open_case::attach(self.detail.incident.id)),
            _ => return Handled::No,
        }
        Handled::Yes
    }

    fn hints(&self) -> Vec<Action> {
        match self.at {
            Some(_) if self.reports.len() > 1 => {
                vec![Action::NextPane, Action::Down, Action::Cancel]
            }
            Some(_) => vec![Action::Down, Action::Cancel],
            None => vec![
                Action::OpenCase,
                Action::AttachToCase,
                Action::Down,
                Action::Cancel,
            ],
        }
    }

    fn keys(&self) -> Vec<Action> {
        match self.at {
            Some(_) => keys_of(
                &[Action::NextPane, Action::PrevPane, Action::Cancel],
                &SCROLL_KEYS,
            ),
            None => keys_of(
                &[Action::OpenCase, Action::AttachToCase, Action::Cancel],
                &SCROLL_KEYS,
            ),
        }
    }

    fn view(&self, frame: &mut Frame, area: Rect, cx: &ViewCtx) {
        let inner = area.width.saturating_sub(2).max(1) as usize;
        let lines = self.lines(cx.theme, inner);
        // The rows are wrapped already: scrolling stops once the last is in sight.
        let max = (lines.len() as u16).saturating_sub(area.height.saturating_sub(2));
        let block = Block::default().borders(Borders::ALL).title(Span::styled(
            format!(" {} ", self.title()),
            cx.theme.heading(),
        ));
        frame.render_widget(
            Paragraph::new(lines)
                .block(block)
                .scroll((self.scroll.min(max), 0)),
            area,
        );
    }
}
