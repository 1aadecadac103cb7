//! One incident, read-only, as recorded.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::domain::{Answer, Consent, PartyRole};
use crate::keymap::{Action, Context};
use crate::ui::component::{Component, Ctx, Handled, ViewCtx};
use crate::ui::msg::IncidentDetail;
use crate::ui::text::{inert, inert_lines};
use crate::ui::theme::Theme;

/// An incident's details, scrolling.
pub struct IncidentView {
    detail: IncidentDetail,
    scroll: u16,
}

impl IncidentView {
    pub fn new(detail: IncidentDetail) -> IncidentView {
        IncidentView { detail, scroll: 0 }
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

    fn lines(&self, t: Theme) -> Vec<Line<'static>> {
        let i = &self.detail.incident;
        let row = |k: &str, v: String| {
            Line::from(vec![
                Span::styled(format!("{k:<22}"), t.dim()),
                Span::raw(inert(&v).into_owned()),
            ])
        };
        let mut out = vec![Line::from(Span::styled("People", t.heading()))];
        for party in &i.parties {
            let who = party
                .person
                .and_then(|id| self.detail.people.iter().find(|p| p.id == id))
                .map(|p| p.display_name())
                .unwrap_or_else(|| party.description.clone());
            out.push(row(role(party.role), who));
        }
        if i.anonymous {
            out.push(row("Reported", "anonymously".into()));
        }
        for p in &self.detail.people {
            let contact = [
                p.contact.phone.clone(),
                p.contact.postcode.clone(),
                p.contact.email.clone(),
            ];
            let contact: Vec<String> = contact.into_iter().flatten().collect();
            if !contact.is_empty() {
                out.push(row(
                    "Contact",
                    format!("{}: {}", p.display_name(), contact.join(" · ")),
                ));
            }
            let safe = format!(
                "call {} · voicemail {} · write {}{}",
                yn(p.safe_contact.call),
                yn(p.safe_contact.voicemail),
                yn(p.safe_contact.write),
                p.safe_contact
                    .times
                    .as_ref()
                    .map(|t| format!(" · {t}"))
                    .unwrap_or_default()
            );
            out.push(row("Safe to", safe));
            out.push(row(
                "Consent",
                format!(
                    "keep {} · police {} · agencies {}",
                    consent(p.consents.store),
                    consent(p.consents.share_police),
                    consent(p.consents.share_agencies)
                ),
            ));
        }
        out.push(Line::default());
        out.push(Line::from(Span::styled("What happened", t.heading())));
        for l in inert_lines(&i.narrative).lines() {
            out.push(Line::from(format!("  {l}")));
        }
        out.push(Line::default());
        let when = i
            .occurred_at
            .map(|w| w.format("%a %-d %b %Y %H:%M").to_string())
            .unwrap_or_else(|| "not known".into());
        out.push(row(
            "When",
            format!("{when}{}", if i.time_approximate { " (about)" } else { "" }),
        ));
        out.push(row(
            "Where",
            format!("{} {}", i.location, i.postcode.clone().unwrap_or_default()),
        ));
        out.push(row("Strands", self.labels(&i.strands)));
        out.push(row("Characteristics", self.labels(&i.characteristics)));
        out.push(row(
            "Evidence",
            format!("{} {}", self.labels(&i.evidence), i.evidence_notes),
        ));
        out.push(row(
            "Police",
            format!(
                "{} {} {}",
                yn(i.police.reported),
                i.police.force.clone().unwrap_or_default(),
                i.police.crime_reference.clone().unwrap_or_default()
            ),
        ));
        out.push(row(
            "Taken",
            i.reported_at
                .with_timezone(&chrono::Local)
                .format("%a %-d %b %Y %H:%M")
                .to_string(),
        ));
        out
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
    fn context(&self) -> Context {
        Context::List
    }

    fn title(&self) -> String {
        "Intake".into()
    }

    fn on_action(&mut self, action: Action, cx: &mut Ctx) -> Handled {
        match action {
            Action::Up => self.scroll = self.scroll.saturating_sub(1),
            Action::Down => self.scroll = self.scroll.saturating_add(1),
            Action::PageUp => self.scroll = self.scroll.saturating_sub(10),
            Action::PageDown => self.scroll = self.scroll.saturating_add(10),
            Action::First => self.scroll = 0,
            Action::Cancel => cx.pop(),
            _ => return Handled::No,
        }
        Handled::Yes
    }

    fn hints(&self) -> Vec<Action> {
        vec![Action::Down, Action::Cancel]
    }

    fn view(&self, frame: &mut Frame, area: Rect, cx: &ViewCtx) {
        let lines = self.lines(cx.theme);
        let max = (lines.len() as u16).saturating_sub(area.height.saturating_sub(2));
        let block = Block::default()
            .borders(Borders::ALL)
            .title(Span::styled(" Intake ", cx.theme.heading()));
        frame.render_widget(
            Paragraph::new(lines)
                .block(block)
                .wrap(Wrap { trim: false })
                .scroll((self.scroll.min(max), 0)),
            area,
        );
    }
}
