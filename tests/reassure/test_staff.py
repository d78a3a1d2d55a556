import pytest

from reassure import staff
from reassure.errors import InvalidInput


def test_a_named_account_logs_in_with_its_password_and_signs_with_its_name(r):
    staff.add_account(r, "Alice", "Alice Martin", "correct horse battery")
    account = staff.authenticate(r, "alice", "correct horse battery")
    assert account is not None
    assert account.name == "Alice Martin"


@pytest.mark.parametrize(
    ("username", "password"),
    [("alice", "wrong password!"), ("bob", "correct horse battery"), ("alice", ""), ("", "x")],
)
def test_a_wrong_password_or_unknown_user_is_refused(r, username, password):
    staff.add_account(r, "alice", "Alice", "correct horse battery")
    assert staff.authenticate(r, username, password) is None


def test_the_password_is_stored_hashed_never_in_clear(r):
    staff.add_account(r, "alice", "Alice", "correct horse battery")
    stored = r.hget("reassure:staff", "alice")
    assert "correct horse battery" not in stored
    assert '"scrypt$' in stored


def test_a_short_password_is_refused_naming_the_password(r):
    with pytest.raises(InvalidInput) as caught:
        staff.add_account(r, "alice", "Alice", "short")
    assert caught.value.problems[0][0] == "password"
    assert not staff.has_accounts(r)


def test_set_password_keeps_the_demo_admin_account_working(r):
    staff.set_password(r, "first password")
    staff.set_password(r, "second password")
    assert staff.authenticate(r, "admin", "first password") is None
    assert staff.authenticate(r, "admin", "second password").name == "Admin"


def test_accounts_load_from_a_toml_file_with_hashes(r, tmp_path):
    hashed = staff.hash_password("bob's long password")
    path = tmp_path / "staff.toml"
    path.write_text(f'[[staff]]\nusername = "bob"\nname = "Bob Lee"\npassword_hash = "{hashed}"\n')
    staff.load_file(r, path)
    assert staff.authenticate(r, "bob", "bob's long password").name == "Bob Lee"


def test_a_bad_staff_file_names_the_entry_and_loads_nothing(r, tmp_path):
    good = staff.hash_password("a long password")
    path = tmp_path / "staff.toml"
    path.write_text(
        f'[[staff]]\nusername = "ann"\nname = "Ann"\npassword_hash = "{good}"\n'
        '[[staff]]\nusername = "ben"\nname = "Ben"\npassword_hash = "plain text"\n'
    )
    with pytest.raises(InvalidInput) as caught:
        staff.load_file(r, path)
    assert caught.value.problems == [
        ("staff[1].password_hash", "expected a hash from `reassure staff hash`")
    ]
    assert not staff.has_accounts(r)
