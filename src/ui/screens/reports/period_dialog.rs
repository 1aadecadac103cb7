//! The dialog that takes a period typed in any form `caseline report --period` takes:
//! the way to any span, when `[` `]` and `p` would take many presses.

use ratatui::text::{Line, Span};
use tui_input::Input;

use super::ReportsScreen;
use crate::domain::report::{PERIOD_FORMS, Period};
use crate::service::reports::ReportRequest;
use crate::ui::component::{Ctx, Handled};
use crate::ui::layers::form_layer::{FormLayer, FormSpec, Submit};
use crate::ui::msg::{Effect, Reply};
use crate::ui::theme::Theme;
use crate::ui::widgets::field::Kind;
use crate::ui::widgets::form_box::{BoxField, FormBox};

/// What the screen was showing, to go back to it with the new period.
struct PeriodSpec {
    request: ReportRequest,
    report: usize,
    admin: bool,
}

/// Reads what was typed: the period, or what is wrong with it, naming what was typed
/// (made inert: it is shown on the terminal) and the forms accepted.
pub fn read_period(typed: &str) -> Result<Period, String> {
    let t = typed.trim();
    if t.is_empty() {
        return Err(format!("type a period: {PERIOD_FORMS}"));
    }
    // The parser says what is wrong: not a period at all, or one beyond the years and
    // span a report covers (with the bounds).
    t.parse::<Period>()
        .map_err(|e| crate::domain::text::inert(&e).into_owned())
}

impl FormSpec for PeriodSpec {
    fn title(&self) -> String {
        "Report for a period".into()
    }
    fn width(&self) -> u16 {
        64
    }
    fn intro(&self, t: Theme) -> Vec<Line<'static>> {
        vec![Line::from(Span::styled(
            "e.g. 2026-27, 2026-27Q1, 2026-05, 2026, 2026-04-01..2026-06-30",
            t.dim(),
        ))]
    }
    fn submit(&self, form: &FormBox, _cx: &Ctx) -> Submit {
        match read_period(&form.text("period")) {
            Ok(period) => Submit::Run(Effect::LoadReport(Box::new(ReportRequest {
                period,
                ..self.request.clone()
            }))),
            Err(e) => Submit::Problems(vec![("period", e)]),
        }
    }
    fn waiting(&self) -> &'static str {
        "reading the report…"
    }
    /// The report came: the screen shows it, for the new period.
    fn reply(&mut self, reply: &Reply, form: &mut FormBox, cx: &mut Ctx) -> Handled {
        match reply {
            Reply::Report(view) => {
                let screen = ReportsScreen::showing(
                    self.report,
                    (**view).clone(),
                    self.request.figures,
                    self.admin,
                );
                cx.goto(screen);
                Handled::Yes
            }
            Reply::Failed(message) => {
                form.set_error("period", message.clone());
                cx.error(format!("No report: {message}"));
                Handled::Yes
            }
            _ => Handled::No,
        }
    }
}

/// The dialog, over the reports screen showing `request`.
pub fn dialog(request: ReportRequest, report: usize, admin: bool) -> FormLayer {
    let form = FormBox::new(vec![
        BoxField::new("period", "Period", Kind::Text(Input::default())).placeholder("2026-27Q1"),
    ]);
    FormLayer::new(
        PeriodSpec {
            request,
            report,
            admin,
        },
        form,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_accepted_form_reads_and_a_bad_one_is_named() {
        for ok in [
            "2026-27",
            "2026-27Q1",
            "2026-05",
            "2026",
            "2026-04-01..2026-06-30",
        ] {
            assert!(read_period(ok).is_ok(), "{ok}");
        }
        let e = read_period("2026-13").unwrap_err();
        assert!(
            e.contains("`2026-13` is not a period") && e.contains("2026-27Q1"),
            "{e}"
        );
        let e = read_period("1850").unwrap_err();
        assert!(e.contains("1900 to 2100"), "{e}");
        let e = read_period("x\u{1b}[2J").unwrap_err();
        assert!(!e.contains('\u{1b}'), "{e:?}");
        assert!(read_period("  ").unwrap_err().starts_with("type a period"));
    }
}
