//! The link dialog: link a person (from the case's intakes, or a new name) or an
//! organisation (from the directory, or a new one) to the case in a role, or remove a
//! link. One dialog for all three, so one key does it; the fields shown follow the
//! first choice.

use ratatui::text::Line;
use tui_input::Input;

use super::dialogs::Banner;
use crate::domain::ListKind;
use crate::service::{Link, LinkTo, NewPerson, OrganisationRef, PersonRef};
use crate::ui::component::Ctx;
use crate::ui::layers::form_layer::{FormLayer, FormSpec, Submit};
use crate::ui::msg::{CaseChange, Effect, LinkChoices, Named};
use crate::ui::theme::Theme;
use crate::ui::widgets::field::{Choice, Kind, Pick};
use crate::ui::widgets::form_box::{BoxField, FormBox, pick_with};

/// The organisation roles that say what kind of organisation it is, to start a new
/// one's kind from: (role code, `agency_kind` code).
const KIND_FOR_ROLE: [(&str, &str); 6] = [
    ("police_force", "police"),
    ("school", "school"),
    ("employer", "employer"),
    ("housing_provider", "housing_association"),
    ("acas", "acas"),
    ("local_authority", "local_authority"),
];

/// What the dialog does, by the code of its first choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum What {
    Person,
    Organisation,
    Remove,
}

impl What {
    fn of(code: Option<&str>) -> What {
        match code {
            Some("organisation") => What::Organisation,
            Some("remove") => What::Remove,
            _ => What::Person,
        }
    }
}

fn choices(items: &[(String, String)]) -> Vec<Choice> {
    items
        .iter()
        .map(|(code, label)| Choice {
            code: code.clone(),
            label: label.clone(),
        })
        .collect()
}

fn list_choices(cx: &Ctx, kind: ListKind) -> Vec<Choice> {
    cx.list(kind)
        .active()
        .map(|e| Choice {
            code: e.code.clone(),
            label: e.label.clone(),
        })
        .collect()
}

/// `Amina Hassan (complainant or victim)`: a link as a worker reads it.
pub fn link_words(named: &Named, label: &dyn Fn(ListKind, &str) -> String) -> String {
    let (kind, role) = match &named.link {
        Link::Person(cp) => (ListKind::PersonRole, &cp.role),
        Link::Organisation(co) => (ListKind::OrganisationRole, &co.role),
    };
    format!("{} ({})", named.name, label(kind, role).to_lowercase())
}

struct LinkSpec {
    banner: Banner,
    /// What is linked now, in the order of the removal list.
    linked: Vec<Named>,
    what: What,
    /// The kind a new organisation was given from its role, replaced while the worker
    /// has not chosen another.
    auto_kind: Option<String>,
}

impl LinkSpec {
    fn person(&self, form: &FormBox) -> Result<(LinkTo, String), Vec<(&'static str, String)>> {
        let mut problems = Vec::new();
        let typed = form.text("new_person").trim().to_string();
        let who = if !typed.is_empty() {
            // Names come in many traditions: kept as typed, not split into parts.
            Some(PersonRef::New(NewPerson {
                given_names: typed,
                ..NewPerson::default()
            }))
        } else {
            form.chosen("person")
                .and_then(|c| c.parse().ok())
                .map(PersonRef::Existing)
        };
        if who.is_none() {
            problems.push(("new_person", "choose someone or type a name".into()));
        }
        let role = form.chosen("person_role");
        if role.is_none() {
            problems.push(("person_role", "choose their part in the case".into()));
        }
        match (who, role) {
            (Some(who), Some(role)) => Ok((LinkTo::Person(who), role)),
            _ => Err(problems),
        }
    }

    fn organisation(
        &self,
        form: &FormBox,
    ) -> Result<(LinkTo, String), Vec<(&'static str, String)>> {
        let mut problems = Vec::new();
        let typed = form.text("new_org").trim().to_string();
        let which = if !typed.is_empty() {
            match form.chosen("org_kind") {
                Some(kind) => Some(OrganisationRef::New { name: typed, kind }),
                None => {
                    problems.push(("org_kind", "choose what kind of organisation".into()));
                    None
                }
            }
        } else {
            let chosen = form.chosen("organisation").and_then(|c| c.parse().ok());
            if chosen.is_none() {
                problems.push(("new_org", "choose one or type a name".into()));
            }
            chosen.map(OrganisationRef::Existing)
        };
        let role = form.chosen("org_role");
        if role.is_none() {
            problems.push(("org_role", "choose its part in the case".into()));
        }
        match (which, role) {
            (Some(which), Some(role)) if problems.is_empty() => {
                Ok((LinkTo::Organisation(which), role))
            }
            _ => Err(problems),
        }
    }

    fn remove(&self, form: &FormBox) -> Submit {
        let chosen = form
            .chosen("linked")
            .and_then(|c| c.parse::<usize>().ok())
            .and_then(|i| self.linked.get(i));
        match chosen {
            Some(named) => Submit::Run(Effect::Change(CaseChange::Unlink(
                self.banner.case,
                Box::new(named.link.clone()),
            ))),
            None => Submit::Problems(vec![("linked", "choose the link to remove".into())]),
        }
    }

    /// A new organisation's kind follows its role until the worker picks one.
    fn follow_role(&mut self, form: &mut FormBox) {
        let role = form.chosen("org_role").unwrap_or_default();
        let kind = KIND_FOR_ROLE
            .iter()
            .find(|(r, _)| *r == role)
            .map(|(_, k)| (*k).to_string());
        let current = form.chosen("org_kind");
        if current.is_none() || current == self.auto_kind {
            if let Kind::Pick(p) = &mut form.field_mut("org_kind").kind {
                p.set_codes(kind.as_slice());
                // Highlighted too, so Enter keeps it.
                p.cursor = p.chosen.first().copied().unwrap_or(0);
            }
            self.auto_kind = kind;
        }
    }
}

impl FormSpec for LinkSpec {
    fn title(&self) -> String {
        "Link to the case".into()
    }
    fn intro(&self, t: Theme) -> Vec<Line<'static>> {
        self.banner.intro(t)
    }
    fn changed(&mut self, form: &mut FormBox) {
        self.what = What::of(form.chosen("what").as_deref());
        let (person, org) = (self.what == What::Person, self.what == What::Organisation);
        let has = |form: &FormBox, id| matches!(&form.field(id).kind, Kind::Pick(p) if !p.options.is_empty());
        let listed = has(form, "person");
        form.set_shown("person", person && listed);
        form.set_shown("new_person", person);
        form.field_mut("new_person").label = if listed { "Or a new name" } else { "Name" }.into();
        form.set_shown("person_role", person);
        let listed = has(form, "organisation");
        form.set_shown("organisation", org && listed);
        form.set_shown("new_org", org);
        form.field_mut("new_org").label = if listed { "Or a new one" } else { "Name" }.into();
        form.set_shown("org_role", org);
        self.follow_role(form);
        let new_org = !form.text("new_org").trim().is_empty();
        form.set_shown("org_kind", org && new_org);
        form.set_shown("linked", self.what == What::Remove);
    }
    fn submit(&self, form: &FormBox, _cx: &Ctx) -> Submit {
        let asked = match self.what {
            What::Person => self.person(form),
            What::Organisation => self.organisation(form),
            What::Remove => return self.remove(form),
        };
        match asked {
            Ok((to, role)) => Submit::Run(Effect::Change(CaseChange::Link {
                case: self.banner.case,
                to: Box::new(to),
                role,
            })),
            Err(problems) => Submit::Problems(problems),
        }
    }
    fn field_for(&self, path: &str) -> Option<&'static str> {
        let person = self.what == What::Person;
        match path {
            "role" if person => Some("person_role"),
            "role" => Some("org_role"),
            "organisation.kind" => Some("org_kind"),
            p if p.starts_with("person.") => Some("new_person"),
            p if p.starts_with("organisation.") => Some("new_org"),
            p if p.starts_with("people") && p.ends_with(".role") => Some("person_role"),
            p if p.starts_with("organisations") && p.ends_with(".role") => Some("org_role"),
            p if p.starts_with("people") => Some("person"),
            p if p.starts_with("organisations") => Some("organisation"),
            _ => None,
        }
    }
}

/// The link dialog for the case under `banner`, offering `offered`.
pub fn link(banner: Banner, offered: &LinkChoices, cx: &Ctx) -> FormLayer {
    let mut what = vec![
        ("person".to_string(), "A person".to_string()),
        ("organisation".to_string(), "An organisation".to_string()),
    ];
    if !offered.linked.is_empty() {
        what.push(("remove".to_string(), "Remove a link".to_string()));
    }
    let people: Vec<(String, String)> = offered
        .people
        .iter()
        .map(|(id, name)| (id.to_string(), name.clone()))
        .collect();
    let directory: Vec<(String, String)> = offered
        .directory
        .iter()
        .map(|(id, name)| (id.to_string(), name.clone()))
        .collect();
    let label = |kind: ListKind, code: &str| cx.list(kind).label(code).to_string();
    let linked: Vec<(String, String)> = offered
        .linked
        .iter()
        .enumerate()
        .map(|(i, n)| (i.to_string(), link_words(n, &label)))
        .collect();
    let pick = |items: &[(String, String)]| Kind::Pick(Pick::new(choices(items), false));
    let form = FormBox::new(vec![
        BoxField::new("what", "Link", pick_with(choices(&what), Some("person"))),
        BoxField::new("person", "Person", pick(&people)),
        BoxField::new("new_person", "Or a new name", Kind::Text(Input::default()))
            .placeholder("type a name not listed"),
        BoxField::new(
            "person_role",
            "Role",
            Kind::Pick(Pick::new(list_choices(cx, ListKind::PersonRole), false)),
        ),
        BoxField::new("organisation", "Organisation", pick(&directory)),
        BoxField::new("new_org", "Or a new one", Kind::Text(Input::default()))
            .placeholder("type a name not in the directory"),
        BoxField::new(
            "org_role",
            "Role",
            Kind::Pick(Pick::new(
                list_choices(cx, ListKind::OrganisationRole),
                false,
            )),
        ),
        BoxField::new(
            "org_kind",
            "Kind",
            Kind::Pick(Pick::new(list_choices(cx, ListKind::AgencyKind), false)),
        ),
        BoxField::new("linked", "Link to remove", pick(&linked)),
    ]);
    let spec = LinkSpec {
        banner,
        linked: offered.linked.clone(),
        what: What::Person,
        auto_kind: None,
    };
    FormLayer::new(spec, form)
}

/// Who is linked, for the case header: `People: Amina Hassan (complainant or
/// victim)`, and `Orgs: Met Police (police force)` when any organisation is; stored
/// text shown by the caller (`ui::text::shown`).
pub fn summary(
    links: &[Named],
    label: &dyn Fn(ListKind, &str) -> String,
) -> (String, Option<String>) {
    let words = |person: bool| {
        links
            .iter()
            .filter(|n| matches!(n.link, Link::Person(_)) == person)
            .map(|n| link_words(n, label))
            .collect::<Vec<_>>()
    };
    let (people, orgs) = (words(true), words(false));
    let people = match people.is_empty() {
        true => "People: none linked".to_string(),
        false => format!("People: {}", people.join(", ")),
    };
    let orgs = (!orgs.is_empty()).then(|| format!("Orgs: {}", orgs.join(", ")));
    (people, orgs)
}

/// The header's lines for `summary`: one when both fit in `width`, else one each
/// (cut), so an organisation is never pushed off by a long list of people.
pub fn header_lines((people, orgs): &(String, Option<String>), width: usize) -> Vec<String> {
    match orgs {
        None => vec![format!(" {people}")],
        Some(orgs) => {
            let one = format!(" {people} · {orgs}");
            if one.chars().count() <= width {
                vec![one]
            } else {
                vec![format!(" {people}"), format!(" {orgs}")]
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{CaseOrganisation, CasePerson, OrganisationId, PersonId};

    #[test]
    fn the_header_says_who_is_linked_in_what_role() {
        let named = |link, name: &str| Named {
            link,
            name: name.into(),
        };
        let label = |_: ListKind, code: &str| code.replace('_', " ");
        let links = [
            named(
                Link::Person(CasePerson {
                    person: PersonId::new(),
                    role: "victim".into(),
                }),
                "Amina Hassan",
            ),
            named(
                Link::Organisation(CaseOrganisation {
                    organisation: OrganisationId::new(),
                    role: "police_force".into(),
                }),
                "Met Police",
            ),
            named(
                Link::Person(CasePerson {
                    person: PersonId::new(),
                    role: "alleged_perpetrator".into(),
                }),
                "J. Smith",
            ),
        ];
        let said = summary(&links, &label);
        assert_eq!(
            said,
            (
                "People: Amina Hassan (victim), J. Smith (alleged perpetrator)".to_string(),
                Some("Orgs: Met Police (police force)".to_string())
            )
        );
        assert_eq!(
            header_lines(&said, 100),
            [
                " People: Amina Hassan (victim), J. Smith (alleged perpetrator) · \
              Orgs: Met Police (police force)"
            ]
        );
        assert_eq!(header_lines(&said, 80).len(), 2);
        assert_eq!(
            summary(&[], &label),
            ("People: none linked".to_string(), None)
        );
    }
}
