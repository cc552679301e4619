import pytest

from wijkkompas.accounts.modules import modules_for

pytestmark = pytest.mark.django_db


def test_every_module_offered_to_a_demo_user_opens(demo, client_for):
    """The menu only offers what the policy grants, so every offered link must answer 200."""
    for username, user in demo.items():
        client = client_for(user)
        modules = modules_for(user)
        assert modules, username
        for module in modules:
            assert client.get(module["url"]).status_code == 200, (username, module["title"])


def test_menu_follows_the_policy(demo):
    titles = {name: {m["title"] for m in modules_for(user)} for name, user in demo.items()}
    assert "Audittrail" in titles["beheerder"] and "Audittrail" not in titles["oov"]
    assert titles["redacteur"] == {"Kennisbank", "Wijkbeeld"}
    assert "Themadossiers" not in titles["jongerenwerker"]
