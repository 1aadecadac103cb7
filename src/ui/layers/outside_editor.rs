//! A dialog's long text edited in the worker's own editor (`$EDITOR`, C-x): the key
//! hands the field's text to the runtime, which lends the terminal to the editor and
//! answers with what it left. Shared by every dialog with a body to write (a letter,
//! a template), so each says only which field and what the text is.

use crate::keymap::Action;
use crate::ui::component::{Ctx, Handled};
use crate::ui::msg::{Effect, Reply};
use crate::ui::widgets::field::notes;
use crate::ui::widgets::form_box::FormBox;

/// The key a dialog adds to its own for this.
pub const KEYS: [Action; 1] = [Action::EditOutside];

/// Sends `field`'s text to the editor when `action` asks for it.
pub fn action(action: Action, form: &FormBox, field: &str, cx: &mut Ctx) -> Handled {
    if action != Action::EditOutside {
        return Handled::No;
    }
    cx.effect(Effect::EditOutside(form.text(field)));
    Handled::Yes
}

/// Puts what the editor left into `field` (`what` names the text: "The letter"), or
/// says why it could not be edited; anything else is not for this.
pub fn reply(reply: &Reply, form: &mut FormBox, field: &str, what: &str, cx: &mut Ctx) -> Handled {
    match reply {
        Reply::Edited(Ok(text)) => {
            form.field_mut(field).kind = notes(text);
            form.focus_on(field);
            cx.info(format!("{what} is as your editor left it"));
            Handled::Yes
        }
        Reply::Edited(Err(why)) => {
            cx.error(why.clone());
            Handled::Yes
        }
        _ => Handled::No,
    }
}
