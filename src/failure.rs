//! How the program fails: the words said on standard error and the exit code (0
//! success, 1 failure, 2 usage). Shared by the command line and the terminal
//! interface, which do not depend on each other.

/// A failure to report: the message, and the exit code.
pub struct Failure {
    pub message: String,
    pub code: u8,
}

impl Failure {
    /// A usage mistake (exit code 2).
    pub fn usage(message: impl Into<String>) -> Failure {
        Failure {
            message: message.into(),
            code: 2,
        }
    }

    /// A failure (exit code 1).
    pub fn from_message(message: impl Into<String>) -> Failure {
        Failure {
            message: message.into(),
            code: 1,
        }
    }
}

impl<E: Into<crate::Error>> From<E> for Failure {
    fn from(e: E) -> Failure {
        Failure {
            message: e.into().to_string(),
            code: 1,
        }
    }
}
