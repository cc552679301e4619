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
    assert titles["redacteur"] == {"Kennisbank", "Redactie", "Wijkbeeld"}
    assert not any("Redactie" in t for name, t in titles.items() if name != "redacteur")
    assert "Themadossiers" not in titles["jongerenwerker"]


def test_one_menu_entry_is_current(demo, client_for):
    """In the editors' area only "Redactie" is current, not also "Kennisbank" (a URL prefix)."""
    html = client_for(demo["redacteur"]).get("/kennisbank/redactie/").content.decode()
    menu = html.split('id="hoofdmenu"')[1].split("</nav>")[0]
    assert menu.count('aria-current="page"') == 1
    assert 'aria-current="page">Redactie</a>' in menu
