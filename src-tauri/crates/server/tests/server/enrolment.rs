//! Enrolment, revocation, roles and team isolation.

use firstgoal_protocol::{ErrorCode, Outcome, Role};
use firstgoal_server::admin::{self, AdminError};
use firstgoal_server::client::{Client, ClientError};
use reqwest::StatusCode;
use serde_json::json;
use uuid::Uuid;

use crate::common::{self, set};

fn refused(result: Result<impl std::fmt::Debug, ClientError>) -> (StatusCode, ErrorCode) {
    match result {
        Err(ClientError::Refused { status, body }) => (status, body.code),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[tokio::test]
async fn a_code_enrols_once_and_a_revoked_person_is_refused() {
    let (pool, server, team) = common::setup().await;
    let code = admin::add_person(&pool, &team, "Ann", Role::Member)
        .await
        .expect("succeeds");
    let anon = Client::new(&server.url);
    let enrolled = anon
        .enrol(&code.to_uppercase())
        .await
        .expect("the code as typed, upper case, enrols");
    assert_eq!(enrolled.role, Role::Member);
    assert_eq!(
        refused(anon.enrol(&code).await),
        (StatusCode::UNAUTHORIZED, ErrorCode::InvalidCode)
    );
    assert_eq!(
        refused(anon.enrol("0000-0000").await),
        (StatusCode::UNAUTHORIZED, ErrorCode::InvalidCode)
    );

    let ann = anon.with_credential(&enrolled.credential);
    ann.push(&[set(Uuid::new_v4(), "name", json!("kept"), 0)])
        .await
        .expect("member pushes");
    let people = admin::list_people(&pool, &team).await.expect("succeeds");
    assert_eq!(
        (people[0].name.as_str(), people[0].status.as_str()),
        ("Ann", "enrolled")
    );

    admin::revoke_person(&pool, &team, "Ann")
        .await
        .expect("succeeds");
    assert_eq!(
        refused(ann.pull(0, None).await),
        (StatusCode::UNAUTHORIZED, ErrorCode::Unauthorized)
    );
    let write = ann
        .push(&[set(Uuid::new_v4(), "name", json!("after revoke"), 0)])
        .await;
    assert_eq!(
        refused(write),
        (StatusCode::UNAUTHORIZED, ErrorCode::Unauthorized)
    );
    assert_eq!(
        common::stored_counts(&pool, &team).await,
        (1, 0),
        "only the change before the revocation"
    );
    assert_eq!(
        admin::list_people(&pool, &team).await.expect("succeeds")[0].status,
        "revoked"
    );

    let unused = admin::add_person(&pool, &team, "Bob", Role::Member)
        .await
        .expect("succeeds");
    admin::revoke_person(&pool, &team, "Bob")
        .await
        .expect("succeeds");
    assert_eq!(
        refused(anon.enrol(&unused).await).1,
        ErrorCode::InvalidCode,
        "a revoked code is refused"
    );
    assert_eq!(
        refused(anon.with_credential("not-a-credential").pull(0, None).await).1,
        ErrorCode::Unauthorized
    );
}

#[tokio::test]
async fn admin_commands_refuse_unknown_and_duplicate_names() {
    let pool = common::pool().await;
    let team = common::team(&pool).await;
    assert!(matches!(
        admin::create_team(&pool, &team).await,
        Err(AdminError::Exists(_))
    ));
    assert!(matches!(
        admin::create_team(&pool, "  ").await,
        Err(AdminError::BadName)
    ));
    admin::add_person(&pool, &team, "Ann", Role::Viewer)
        .await
        .expect("succeeds");
    assert!(matches!(
        admin::add_person(&pool, &team, "Ann", Role::Member).await,
        Err(AdminError::Exists(_))
    ));
    assert!(matches!(
        admin::add_person(&pool, "no such team", "X", Role::Member).await,
        Err(AdminError::NoTeam(_))
    ));
    assert!(matches!(
        admin::revoke_person(&pool, &team, "Nobody").await,
        Err(AdminError::NoPerson(_))
    ));
}

#[tokio::test]
async fn a_viewer_reads_but_its_writes_are_refused_and_nothing_is_stored() {
    let (pool, server, team) = common::setup().await;
    let member = common::person(&pool, &server.url, &team, "Ann", Role::Member).await;
    let viewer = common::person(&pool, &server.url, &team, "Vic", Role::Viewer).await;
    member
        .push(&[set(Uuid::new_v4(), "name", json!("shared"), 0)])
        .await
        .expect("succeeds");
    let write = viewer
        .push(&[set(Uuid::new_v4(), "name", json!("not allowed"), 0)])
        .await;
    assert_eq!(
        refused(write),
        (StatusCode::FORBIDDEN, ErrorCode::Forbidden)
    );
    assert_eq!(common::stored_counts(&pool, &team).await, (1, 0));
    assert_eq!(
        viewer.pull_all(0, None).await.expect("succeeds").len(),
        1,
        "a viewer reads the team's changes"
    );
}

#[tokio::test]
async fn a_member_of_one_team_cannot_read_or_write_another_teams_data() {
    let pool = common::pool().await;
    let server = common::server().await;
    let (team_a, team_b) = (common::team(&pool).await, common::team(&pool).await);
    let ann = common::person(&pool, &server.url, &team_a, "Ann", Role::Admin).await;
    let bob = common::person(&pool, &server.url, &team_b, "Bob", Role::Admin).await;
    let record = Uuid::new_v4();
    let mine = set(record, "name", json!("team A's"), 0);
    ann.push(std::slice::from_ref(&mine))
        .await
        .expect("succeeds");

    assert!(
        bob.pull_all(0, None).await.expect("succeeds").is_empty(),
        "team B sees nothing of team A"
    );
    // The same change id and record in team B are team B's own: stored there, invisible to A.
    let mut theirs = mine.clone();
    theirs.op = firstgoal_protocol::Op::Set {
        field: "name".into(),
        value: json!("team B's"),
    };
    let result = bob.push(&[theirs]).await.expect("succeeds");
    assert!(
        matches!(result.results[0].outcome, Outcome::Applied { .. }),
        "{result:?}"
    );
    let a_log = ann.pull_all(0, None).await.expect("succeeds");
    assert_eq!(a_log.len(), 1);
    assert_eq!(a_log[0].change, mine, "team A's record is untouched");
    assert_eq!(common::stored_counts(&pool, &team_a).await, (1, 0));
    assert_eq!(common::stored_counts(&pool, &team_b).await, (1, 0));
}

#[tokio::test]
async fn a_person_reads_the_names_of_their_own_team_only() {
    let (pool, server, team) = common::setup().await;
    let ann = common::person(&pool, &server.url, &team, "Ann <b>", Role::Admin).await;
    let _bob = common::person(&pool, &server.url, &team, "Bob", Role::Viewer).await;
    let _gone = common::person(&pool, &server.url, &team, "Carl", Role::Member).await;
    admin::revoke_person(&pool, &team, "Carl")
        .await
        .expect("revoked");
    let other = common::team(&pool).await;
    let eve = common::person(&pool, &server.url, &other, "Eve", Role::Member).await;

    let info = ann.team().await.expect("read");
    assert_eq!(info.name, team);
    let people: Vec<(&str, Role, bool)> = info
        .people
        .iter()
        .map(|p| (p.name.as_str(), p.role, p.revoked))
        .collect();
    assert_eq!(
        people,
        [
            ("Ann <b>", Role::Admin, false),
            ("Bob", Role::Viewer, false),
            ("Carl", Role::Member, true)
        ],
        "everyone of the team, by name, as text; the revoked too"
    );
    let theirs = eve.team().await.expect("read");
    assert_eq!(theirs.name, other);
    assert_eq!(theirs.people.len(), 1, "only Eve: {theirs:?}");
    assert_eq!(
        refused(
            Client::new(&server.url)
                .with_credential("nope")
                .team()
                .await
        ),
        (StatusCode::UNAUTHORIZED, ErrorCode::Unauthorized)
    );
}
