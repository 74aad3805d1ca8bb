"""`conduit events` refuses numbers no database can take as a usage error, not a traceback."""

import pytest

from entrypoints.cli.main import _parser


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["list", "--limit", "99999999999999999999999"], "is more than 9223372036854775807"),
        (["retry", "9223372036854775808"], "is more than 9223372036854775807"),
        (["purge", "--older-than", "inf"], "inf days reach before the year 1"),
        (["purge", "--older-than", "99999999999"], "days reach before the year 1"),
        (["purge", "--older-than", "800000"], "days reach before the year 1"),
    ],
)
def test_an_out_of_range_number_is_a_usage_error(
    args: list[str], error: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        _parser().parse_args(["events", *args])
    assert exited.value.code == 2
    assert error in capsys.readouterr().err


@pytest.mark.parametrize(
    "args",
    [
        ["list", "--limit", "9223372036854775807"],
        ["retry", "9223372036854775807"],
        ["purge", "--older-than", "700000"],
    ],
)
def test_the_largest_numbers_are_accepted(args: list[str]) -> None:
    assert _parser().parse_args(["events", *args]).run is not None
