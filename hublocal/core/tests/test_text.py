from django.urls import reverse

from hublocal.core.text import ascii_int, fold


def test_fold_removes_accents_and_case():
    assert fold("Ñuñoa Peñalolén") == fold("nunoa penalolen")


def test_ascii_int_accepts_plain_digits_only():
    assert ascii_int("42") == 42
    assert ascii_int(" 7 ") == 7
    assert ascii_int("0") == 0
    # isdigit() accepts these, int() does not (or they overflow a database id).
    assert ascii_int("²") is None
    assert ascii_int("٣") is None
    assert ascii_int("1234567890123456789012") is None
    assert ascii_int("-3") is None
    assert ascii_int("") is None
    assert ascii_int(None) is None


def test_open_scores_ignores_a_superscript_campaign_id(client, network):
    response = client.get(reverse("diagnosis:open_scores", kwargs={"fmt": "json"}), {"campana": "²"})
    assert response.status_code == 200
