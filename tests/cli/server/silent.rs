//! A connection that says hello and then nothing holds one of the server's threads:
//! it is closed once it has not signed in within the sign-in time (`--sign-in-within`,
//! a second here), said in the log, while others are served. A connection that has
//! signed in may sit as long as it likes, signed in or signed out (a locked screen).

use std::time::Duration;

use super::store;
use super::wire::{answer, closed_by_server, greeted, send, signed_in_as_admin};
use crate::common;
use crate::common::server::serve;
use caseline::service::api::wire::ServerFrame;
use caseline::service::api::{Reply, SessionRequest, UpkeepRequest};

/// Longer than the sign-in time the server is given.
const PAST_SIGN_IN_TIME: Duration = Duration::from_secs(2);

#[test]
fn a_connection_that_never_signs_in_is_closed_and_others_are_served() {
    let tmp = common::temp("server-silent");
    let dir = store(&tmp);
    let server = serve(&dir, &["--idle-exit", "60", "--sign-in-within", "1"]);
    let admin = server.admin("desk");
    let mut locked = signed_in_as_admin(&server.socket);
    send(&mut locked, 2, SessionRequest::SignOut { lock: true });
    assert!(matches!(
        answer(&mut locked),
        ServerFrame::Answer {
            id: 2,
            answer: Ok(Reply::Done)
        }
    ));

    let mut silent = greeted(&server.socket);
    closed_by_server(&mut silent);

    // Those that signed in are still served after the sign-in time, signed in or not.
    std::thread::sleep(PAST_SIGN_IN_TIME);
    assert!(matches!(
        admin.call(UpkeepRequest::Stats),
        Ok(Reply::Stats(_))
    ));
    send(&mut locked, 3, SessionRequest::Status);
    assert!(matches!(
        answer(&mut locked),
        ServerFrame::Answer {
            id: 3,
            answer: Ok(Reply::Status(_))
        }
    ));
    let later = server.admin("later");
    assert!(matches!(
        later.call(UpkeepRequest::Stats),
        Ok(Reply::Stats(_))
    ));
    admin.close().expect("signed out");
    later.close().expect("signed out");
    drop(locked);

    let log = server.stop();
    assert_eq!(
        log.matches("not signed in within 1 s, closed").count(),
        1,
        "{log}"
    );
}
