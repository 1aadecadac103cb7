//! The layers on screen, bottom to top, each with an id of its own, so that the
//! answer to what a layer asked for goes back to that layer, wherever it is in the
//! stack by then, and is dropped if the layer has gone (the worker moved on).

use super::component::Component;

/// A layer's name for as long as it is on the stack; never reused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct LayerId(u64);

/// A screen or a dialog, and its id.
pub struct Layer {
    pub id: LayerId,
    pub component: Box<dyn Component>,
}

/// The layers, never empty.
pub struct Stack {
    layers: Vec<Layer>,
    next: u64,
}

impl Stack {
    pub fn new(first: Box<dyn Component>) -> Stack {
        let mut stack = Stack {
            layers: Vec::new(),
            next: 0,
        };
        stack.push(first);
        stack
    }

    pub fn push(&mut self, component: Box<dyn Component>) {
        self.next += 1;
        self.layers.push(Layer {
            id: LayerId(self.next),
            component,
        });
    }

    /// Removes the top layer unless it is the last one; whether it did.
    pub fn pop(&mut self) -> bool {
        if self.layers.len() > 1 {
            self.layers.pop();
            return true;
        }
        false
    }

    /// Everything goes and `component` is the only layer.
    pub fn replace_all(&mut self, component: Box<dyn Component>) {
        self.layers.clear();
        self.push(component);
    }

    pub fn top(&self) -> &Layer {
        self.layers.last().expect("the stack is never empty")
    }

    pub fn top_mut(&mut self) -> &mut Layer {
        self.layers.last_mut().expect("the stack is never empty")
    }

    /// Whether the layer with this id is still on the stack.
    pub fn holds(&self, id: LayerId) -> bool {
        self.layers.iter().any(|l| l.id == id)
    }

    /// The layer with this id, if it is still on the stack.
    pub fn find_mut(&mut self, id: LayerId) -> Option<&mut Layer> {
        self.layers.iter_mut().find(|l| l.id == id)
    }

    /// Takes off the layers above the one with this id (none if it is on top or
    /// gone), so that what that layer asks for acts on it as if it were on top; see
    /// [`Stack::put_back`].
    pub fn set_aside_above(&mut self, id: LayerId) -> Vec<Layer> {
        match self.layers.iter().position(|l| l.id == id) {
            Some(at) => self.layers.split_off(at + 1),
            None => Vec::new(),
        }
    }

    /// Puts layers set aside back on top, as they were.
    pub fn put_back(&mut self, above: Vec<Layer>) {
        self.layers.extend(above);
    }

    /// Every layer's id, bottom to top.
    pub fn ids(&self) -> Vec<LayerId> {
        self.layers.iter().map(|l| l.id).collect()
    }

    pub fn len(&self) -> usize {
        self.layers.len()
    }

    /// Never: there is always a screen (kept for the usual pair with `len`).
    pub fn is_empty(&self) -> bool {
        self.layers.is_empty()
    }

    /// What is drawn: from the highest layer that covers the whole body, upwards.
    pub fn drawn(&self) -> &[Layer] {
        let base = self
            .layers
            .iter()
            .rposition(|l| !l.component.is_overlay())
            .unwrap_or(0);
        &self.layers[base..]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::screens::setup::Setup;

    #[test]
    fn ids_are_never_reused_and_a_gone_layer_is_not_found() {
        let mut stack = Stack::new(Box::new(Setup::new()));
        let first = stack.top().id;
        stack.push(Box::new(Setup::new()));
        let second = stack.top().id;
        assert_ne!(first, second);
        assert!(stack.pop());
        assert!(stack.find_mut(second).is_none());
        assert!(!stack.pop(), "the last layer stays");
        stack.push(Box::new(Setup::new()));
        assert_ne!(stack.top().id, second);
        stack.replace_all(Box::new(Setup::new()));
        assert_eq!(stack.len(), 1);
        assert!(stack.find_mut(first).is_none());
    }

    #[test]
    fn layers_set_aside_come_back_on_top_in_order() {
        let mut stack = Stack::new(Box::new(Setup::new()));
        let bottom = stack.top().id;
        stack.push(Box::new(Setup::new()));
        let asker = stack.top().id;
        stack.push(Box::new(Setup::new()));
        let over = stack.top().id;
        let above = stack.set_aside_above(asker);
        assert_eq!(stack.ids(), vec![bottom, asker]);
        assert!(stack.pop());
        stack.put_back(above);
        assert_eq!(stack.ids(), vec![bottom, over]);
        assert!(stack.set_aside_above(over).is_empty());
    }
}
