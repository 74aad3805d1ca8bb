"""The broker URL as the publisher uses it: heartbeats by default, no password in logs."""

from yarl import URL

from adapters.shared.broker.amqp_publisher import HEARTBEAT_SECONDS, shown, with_heartbeat


def test_heartbeats_are_asked_for_unless_the_url_names_its_own() -> None:
    assert with_heartbeat(URL("amqp://h:5672/v")).query["heartbeat"] == str(HEARTBEAT_SECONDS)
    assert with_heartbeat(URL("amqp://h:5672/v?heartbeat=30")).query["heartbeat"] == "30"


def test_a_logged_url_hides_its_password() -> None:
    assert shown("amqp://user:s3cret@h:5672/v") == "amqp://user:***@h:5672/v"
    assert shown("amqp://h:5672/v") == "amqp://h:5672/v"
