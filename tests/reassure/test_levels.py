import pytest

from reassure.levels import Level


@pytest.mark.parametrize(
    ("raw", "level"), [(0, Level.CALM), ("3", Level.CRISIS), ("Alert", Level.ALERT)]
)
def test_level_parses_numbers_and_names(raw, level):
    assert Level.parse(raw) is level


@pytest.mark.parametrize("raw", [4, -1, "panic", True, None, 2.5])
def test_level_refuses_anything_else_with_the_allowed_values(raw):
    with pytest.raises(ValueError, match="calm, watch, alert, crisis"):
        Level.parse(raw)
