//! Containing a panic to the record that caused it.
//!
//! A bug met on one record (in reading it, in the extractor, in rendering) must cost that
//! record, not the batch, and the user should read one line naming the record, not a thread's
//! panic message and backtrace. So while a guarded call runs, the panic hook only records what
//! happened, for [`catch`] to return; panics anywhere else still go to the default hook. The
//! command line and the Python package both run each record under [`catch`].

use std::cell::{Cell, RefCell};
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    static GUARDED: Cell<bool> = const { Cell::new(false) };
    static CAUGHT: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Runs `f`; a panic inside it comes back as its message and location.
pub fn catch<R>(f: impl FnOnce() -> R) -> Result<R, String> {
    install_hook();
    GUARDED.with(|guarded| guarded.set(true));
    // What a record's work shares (the extractor, the models) is read-only, so nothing is left
    // half-changed by an unwind.
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    GUARDED.with(|guarded| guarded.set(false));
    result.map_err(|payload| {
        CAUGHT
            .with(|caught| caught.borrow_mut().take())
            .unwrap_or_else(|| payload_text(payload.as_ref()))
    })
}

fn install_hook() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let default = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !GUARDED.with(Cell::get) {
                return default(info);
            }
            let mut message = payload_text(info.payload());
            if let Some(location) = info.location() {
                message = format!("{message} (at {location})");
            }
            CAUGHT.with(|caught| *caught.borrow_mut() = Some(message));
        }));
    });
}

fn payload_text(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(text) = payload.downcast_ref::<&str>() {
        (*text).to_owned()
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text.clone()
    } else {
        "panic".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_its_message_and_location() {
        let caught = catch(|| -> u32 { panic!("bad offset {}", 3) }).unwrap_err();
        assert!(caught.starts_with("bad offset 3 (at "), "{caught}");
        assert!(caught.contains("guard.rs"), "{caught}");
        assert_eq!(catch(|| 7), Ok(7));
    }
}
