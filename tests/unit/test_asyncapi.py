"""The AsyncAPI description of the exported events: its content, and that the committed one is
current (`conduit asyncapi --write` after changing an exported event)."""

import json
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest

from adapters.shared.broker.asyncapi import asyncapi_document
from adapters.shared.events.codec import EventCodec
from entrypoints.cli.asyncapi import DOCUMENT
from entrypoints.cli.main import main
from entrypoints.composition.broker import asyncapi_json
from tests.support.exported_events import ParcelShipped, ParcelWeighed

ROOT = Path(__file__).resolve().parents[2]
KEY = "tests.support.exported_events.ParcelShipped.v2"


def document() -> dict[str, Any]:
    return asyncapi_document([ParcelWeighed, ParcelShipped], "parcels")


def test_the_committed_document_describes_the_exported_events_as_they_are() -> None:
    committed = (ROOT / DOCUMENT).read_text()

    assert committed == asyncapi_json("conduit.events"), (
        "docs/asyncapi.json is stale: run `conduit asyncapi --write` from the repository root"
    )


def test_each_exported_event_has_a_channel_on_the_topic_exchange_by_its_routing_key() -> None:
    channels = document()["channels"]

    assert list(channels) == [KEY, "tests.support.exported_events.ParcelWeighed.v1"]
    channel = channels[KEY]
    assert channel["address"] == KEY
    exchange = channel["bindings"]["amqp"]["exchange"]
    assert (exchange["name"], exchange["type"], exchange["durable"]) == ("parcels", "topic", True)
    assert document()["operations"][f"send.{KEY}"]["channel"] == {"$ref": f"#/channels/{KEY}"}


def test_a_message_s_payload_schema_accepts_what_the_codec_writes_and_nothing_less() -> None:
    components = document()["components"]
    message = components["messages"][KEY]
    payload = jsonschema_rs.validator_for(message["payload"])
    assert message["headers"] == {"$ref": "#/components/schemas/EventHeaders"}
    headers = jsonschema_rs.validator_for(components["schemas"]["EventHeaders"])
    encoded = EventCodec().encode(ParcelShipped(parcel_id=4, destination="Lyon"))

    assert message["name"] == "tests.support.exported_events.ParcelShipped"
    assert message["summary"] == "A parcel left the depot (test-only)."
    assert payload.is_valid(json.loads(encoded))
    assert not payload.is_valid({"parcel_id": "four", "destination": "Lyon"})
    assert not payload.is_valid({"parcel_id": 4})
    assert headers.is_valid({"event_type": "x.Y", "event_version": 2, "ordering_key": "parcel:4"})
    assert not headers.is_valid({"event_type": "x.Y"})


def test_check_fails_on_a_stale_file_and_passes_once_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "asyncapi.json"
    path.write_text("{}\n")

    assert main(["asyncapi", "--check", "--path", str(path)]) == 1
    assert "not the current description" in capsys.readouterr().err
    assert main(["asyncapi", "--write", "--path", str(path)]) == 0
    assert main(["asyncapi", "--check", "--path", str(path)]) == 0
    assert path.read_text() == asyncapi_json("conduit.events")
