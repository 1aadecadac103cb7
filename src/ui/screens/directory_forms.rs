//! The directory's dialogs: an organisation's entry (added or edited), and logging a
//! consultation, which shows the overload warning over its fields and asks the worker
//! to say "log anyway" before a group past the limit is asked again.

use ratatui::text::{Line, Span};
use tui_input::Input;

use crate::domain::when::Lean;
use crate::domain::{ListKind, MeetingTime, Organisation, OrganisationId};
use crate::service::{Edit, LogConsultation, NewOrganisation};
use crate::ui::component::Ctx;
use crate::ui::layers::form_layer::{FormLayer, FormSpec, Submit};
use crate::ui::msg::{DirectoryEffect, DirectoryRow, Effect};
use crate::ui::text::shown;
use crate::ui::theme::Theme;
use crate::ui::widgets::field::{Choice, Kind, Pick, notes};
use crate::ui::widgets::form_box::{BoxField, FormBox, pick_with};

/// The fields of an organisation's entry, in the order the form shows them.
struct OrganisationSpec {
    /// `None` adds a new entry.
    id: Option<OrganisationId>,
    /// The entry as the form was filled from it: a save that would undo someone
    /// else's change meanwhile is refused, and the form keeps the typing.
    read: NewOrganisation,
}

/// Words separated by `;`, as the form and the spreadsheet write lists.
fn words(text: &str) -> Vec<String> {
    text.split(';')
        .map(|w| w.trim().to_string())
        .filter(|w| !w.is_empty())
        .collect()
}

fn optional(text: String) -> Option<String> {
    Some(text.trim().to_string()).filter(|t| !t.is_empty())
}

fn yes_no() -> Vec<Choice> {
    ["no", "yes"]
        .into_iter()
        .map(|w| Choice {
            code: w.into(),
            label: w.into(),
        })
        .collect()
}

impl FormSpec for OrganisationSpec {
    fn title(&self) -> String {
        match self.id {
            None => "Add to the directory".into(),
            Some(_) => "Edit the directory entry".into(),
        }
    }
    fn width(&self) -> u16 {
        78
    }
    fn submit(&self, form: &FormBox, _cx: &Ctx) -> Submit {
        let meets = match MeetingTime::parse_list(&form.text("meets")) {
            Ok(m) => m,
            Err(e) => return Submit::Problems(vec![("meets", e)]),
        };
        let Some(kind) = form.chosen("kind") else {
            return Submit::Problems(vec![("kind", "choose the kind of organisation".into())]);
        };
        let entry = Box::new(NewOrganisation {
            name: form.text("name").trim().to_string(),
            kind,
            communities: words(&form.text("communities")),
            services: words(&form.text("services")),
            languages: form.codes("languages"),
            meets,
            contact_person: optional(form.text("contact")),
            phone: optional(form.text("phone")),
            email: optional(form.text("email")),
            address: optional(form.text("address")),
            reporting_centre: form.chosen("centre").as_deref() == Some("yes"),
            notes: form.text("notes"),
        });
        Submit::Run(match self.id {
            None => Effect::Directory(DirectoryEffect::Add(entry)),
            Some(id) => Effect::Directory(DirectoryEffect::Edit(
                id,
                Box::new(Edit::from_read(self.read.clone(), *entry)),
            )),
        })
    }
    fn field_for(&self, path: &str) -> Option<&'static str> {
        let head = path.split(['[', '.']).next().unwrap_or("");
        [
            ("name", "name"),
            ("kind", "kind"),
            ("communities", "communities"),
            ("services", "services"),
            ("languages", "languages"),
            ("meets", "meets"),
            ("contact_person", "contact"),
            ("phone", "phone"),
            ("email", "email"),
            ("address", "address"),
            ("notes", "notes"),
        ]
        .into_iter()
        .find(|(p, _)| *p == head)
        .map(|(_, id)| id)
    }
}

/// The choices of a reference list, without retired values unless `keep` has them.
fn choices(cx: &Ctx, kind: ListKind, keep: &[String]) -> Vec<Choice> {
    cx.list(kind)
        .entries
        .iter()
        .filter(|e| !e.retired || keep.contains(&e.code))
        .map(|e| Choice {
            code: e.code.clone(),
            label: e.label.clone(),
        })
        .collect()
}

fn text(id: &'static str, label: &str, value: &str) -> BoxField {
    BoxField::new(id, label, Kind::Text(Input::new(value.to_string())))
}

/// The entry form, filled from `entry` (empty to add one).
pub fn organisation_form(
    id: Option<OrganisationId>,
    entry: &NewOrganisation,
    cx: &Ctx,
) -> FormLayer {
    let kind = choices(cx, ListKind::AgencyKind, std::slice::from_ref(&entry.kind));
    let mut languages = Pick::new(choices(cx, ListKind::Language, &entry.languages), true);
    languages.set_codes(&entry.languages);
    let centre = if entry.reporting_centre { "yes" } else { "no" };
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let meets: Vec<String> = entry.meets.iter().map(MeetingTime::written).collect();
    let form = FormBox::new(vec![
        text("name", "Name", &entry.name),
        BoxField::new("kind", "Kind", pick_with(kind, Some(&entry.kind))),
        text(
            "communities",
            "Communities served",
            &entry.communities.join("; "),
        )
        .placeholder("e.g. Somali; older people (; between)"),
        text("services", "Services offered", &entry.services.join("; "))
            .placeholder("e.g. advice; food bank (; between)"),
        BoxField::new("languages", "Languages", Kind::Pick(languages)),
        text("meets", "Meets", &meets.join("; "))
            .placeholder("e.g. Sun 14:00-17:00; Wed 19:00-21:00"),
        text("contact", "Contact person", &opt(&entry.contact_person)),
        text("phone", "Phone", &opt(&entry.phone)),
        text("email", "Email", &opt(&entry.email)),
        text("address", "Address", &opt(&entry.address)),
        BoxField::new(
            "centre",
            "Reporting centre",
            pick_with(yes_no(), Some(centre)),
        ),
        BoxField::new("notes", "Notes", notes(&entry.notes)),
    ]);
    let read = entry.clone();
    FormLayer::new(OrganisationSpec { id, read }, form)
}

/// A stored organisation as the entry form edits it.
pub fn entry_of(o: &Organisation) -> NewOrganisation {
    NewOrganisation::of(o)
}

/// A directory row as the entry form edits it.
pub fn entry_of_row(r: &DirectoryRow) -> NewOrganisation {
    NewOrganisation {
        name: r.name.clone(),
        kind: r.kind_code.clone(),
        communities: r.communities.clone(),
        services: r.services.clone(),
        languages: r.language_codes.clone(),
        meets: r.meets.clone(),
        contact_person: r.contact_person.clone(),
        phone: r.phone.clone(),
        email: r.email.clone(),
        address: r.address.clone(),
        reporting_centre: r.reporting_centre,
        notes: r.notes.clone(),
    }
}

/// Which group a consultation is logged for, and how often it was asked lately.
pub struct Consulted {
    pub id: OrganisationId,
    pub name: String,
    /// Consultations in the last 90 days, and the administrator's limit.
    pub lately: usize,
    pub limit: u32,
}

impl Consulted {
    fn over(&self) -> bool {
        self.lately >= self.limit as usize
    }
}

struct ConsultSpec(Consulted);

impl FormSpec for ConsultSpec {
    fn title(&self) -> String {
        "Log a consultation".into()
    }
    fn intro(&self, t: Theme) -> Vec<Line<'static>> {
        let c = &self.0;
        let mut lines = vec![
            Line::from(Span::styled(shown(&c.name).into_owned(), t.heading())),
            Line::from(format!(
                "Consulted {} time(s) in the last 90 days; the limit is {}.",
                c.lately, c.limit
            )),
        ];
        if c.over() {
            for row in [
                "! Over the limit: groups run by volunteers stop answering when",
                "  asked too often. Log it only if it cannot wait: choose yes",
                "  under Log anyway.",
            ] {
                lines.push(Line::from(Span::styled(row, t.warn())));
            }
        }
        lines
    }
    fn submit(&self, form: &FormBox, cx: &Ctx) -> Submit {
        let on = match form.when("on", cx.now) {
            None => cx.now.date(),
            Some(Ok(w)) => w.date,
            Some(Err(e)) => return Submit::Problems(vec![("on", e.0)]),
        };
        let topic = form.text("topic").trim().to_string();
        if topic.is_empty() {
            return Submit::Problems(vec![("topic", "say what they were asked about".into())]);
        }
        let anyway = form.chosen("anyway").as_deref() == Some("yes");
        if self.0.over() && !anyway {
            return Submit::Problems(vec![(
                "anyway",
                "over the limit: choose yes to log it anyway, or esc to leave the group be".into(),
            )]);
        }
        Submit::Run(Effect::Directory(DirectoryEffect::LogConsultation(
            LogConsultation {
                organisation: self.0.id,
                on,
                topic,
                despite_warning: anyway,
            },
        )))
    }
    fn field_for(&self, path: &str) -> Option<&'static str> {
        match path.split(['[', '.']).next().unwrap_or("") {
            "on" => Some("on"),
            "consultations" | "topic" => Some("topic"),
            "despite_warning" => Some("anyway"),
            _ => None,
        }
    }
}

/// The consultation dialog: today unless changed; "log anyway" only when over the limit.
pub fn consultation_form(group: Consulted) -> FormLayer {
    let mut anyway = BoxField::new("anyway", "Log anyway", pick_with(yes_no(), Some("no")));
    anyway.shown = group.over();
    let form = FormBox::new(vec![
        BoxField::new(
            "on",
            "On",
            Kind::When {
                input: Input::new("today".into()),
                lean: Lean::Past,
            },
        ),
        text("topic", "Asked about", ""),
        anyway,
    ]);
    FormLayer::new(ConsultSpec(group), form)
}
