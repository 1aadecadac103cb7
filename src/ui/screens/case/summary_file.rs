//! Writing a referral's summary to a text file from the preview before sending: the
//! worker types the file's name; a file already there is replaced only when they say
//! so. The file is readable by its owner only (see [`crate::files`]).

use ratatui::text::Line;
use tui_input::Input;

use crate::ui::component::Ctx;
use crate::ui::layers::form_layer::{FormLayer, FormSpec, Submit};
use crate::ui::msg::{Effect, ReferralEffect};
use crate::ui::theme::Theme;
use crate::ui::widgets::field::{Choice, Kind};
use crate::ui::widgets::form_box::{BoxField, FormBox, pick_with};

struct SummaryFileSpec {
    /// The summary as shown, in plain text.
    text: String,
}

/// The dialog for writing `text` (a referral's summary) to a file.
pub fn summary_file(text: String) -> FormLayer {
    let answers = ["no", "yes"]
        .map(|w| Choice {
            code: w.into(),
            label: w.into(),
        })
        .to_vec();
    let fields = vec![
        BoxField::new("file", "File", Kind::Text(Input::default()))
            .placeholder("e.g. ~/referral-summary.txt"),
        BoxField::new(
            "replace",
            "Replace it if there",
            pick_with(answers, Some("no")),
        ),
    ];
    FormLayer::new(SummaryFileSpec { text }, FormBox::new(fields))
}

/// `~/x` as the home directory's `x`; anything else as typed.
fn expand_home(typed: &str) -> std::path::PathBuf {
    match (typed.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => std::path::Path::new(&home).join(rest),
        _ => typed.into(),
    }
}

impl FormSpec for SummaryFileSpec {
    fn title(&self) -> String {
        "Write the summary to a file".into()
    }

    fn intro(&self, _t: Theme) -> Vec<Line<'static>> {
        vec![
            Line::from("Plain text, readable by you only. It holds the client's details:"),
            Line::from("keep it where only you can read it, and delete it once sent."),
        ]
    }

    fn submit(&self, form: &FormBox, _cx: &Ctx) -> Submit {
        let typed = form.text("file");
        let typed = typed.trim();
        if typed.is_empty() {
            return Submit::Problems(vec![("file", "type the file's name".into())]);
        }
        Submit::Run(Effect::Referral(ReferralEffect::WriteSummary {
            path: expand_home(typed),
            text: self.text.clone(),
            replace: form.chosen("replace").as_deref() == Some("yes"),
        }))
    }

    fn field_for(&self, path: &str) -> Option<&'static str> {
        (path == "file").then_some("file")
    }
}
