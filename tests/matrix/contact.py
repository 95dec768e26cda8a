"""Need-to-know contact data (issue 11, item 11): who sees a person at all, and who sees their
e-mail and phone (see tests/test_permission_matrix.py for the columns).

E-mail and phone are shown to hub staff, to colleagues of the same organisation, to the person
themself and to counterparts with a working relationship declared through
`core.registry.register_contact_relationship` (today: a shortlisted proposal links the startup
and the municipalities of its challenge). Never to the public, never to every signed-in account,
even for a public profile. In the demo DataMuni (startup-a) was shortlisted by Santiago on the
OIRS challenge, and Trámite Fácil (startup-b) by Valparaíso on the bulky-waste one.

ROWS are status rows for private people of those organisations (visible to their counterparts,
404 to everyone else outside them); CONTACT says, per page and role, whether the e-mail
appears; tests/test_contact_visibility.py checks it on every page listed."""

from __future__ import annotations

from typing import Any

from tests.matrix import Row, row

# Daniela Soto, Santiago's focal point (private profile, an account of her own).
SANTIAGO_FOCAL = "<Santiago's focal point: private>"
# Ignacio Pérez, Trámite Fácil's founder (private profile).
TRAMITE_FOUNDER = "<Trámite Fácil's founder: private>"
# Valentina Muñoz, DataMuni's founder: public profile by her own consent (demo).
DATAMUNI_FOUNDER = "<DataMuni's founder: public>"

FOCAL = {"pk": SANTIAGO_FOCAL}
FOUNDER_B = {"pk": TRAMITE_FOUNDER}

# fmt: off
ROWS: list[Row] = [
    #   route                     kwargs     method anon   staff  anlst  stgo   valpo  st-a   st-b   partner
    row("directory:person_detail", FOCAL,     "GET", 404,   200,   200,   200,   404,   200,   404,   404,
        note="startup-a: its proposal was shortlisted on Santiago's OIRS challenge"),
    row("api:person_detail",       FOCAL,     "GET", 404,   200,   200,   200,   404,   200,   404,   404),
    row("directory:person_detail", FOUNDER_B, "GET", 404,   200,   200,   404,   200,   404,   200,   404,
        note="valparaiso shortlisted Trámite Fácil on its bulky-waste challenge"),
    row("api:person_detail",       FOUNDER_B, "GET", 404,   200,   200,   404,   200,   404,   200,   404),
]

# Whether the person's e-mail appears, per role (None: the page is not visible at all).
#   (person, pages)                     anon   staff  anlst  stgo   valpo  st-a   st-b   partner
CONTACT: list[tuple[str, tuple[bool | None, ...]]] = [
    (DATAMUNI_FOUNDER,                  (False, True,  True,  True,  False, True,  False, False)),
    (SANTIAGO_FOCAL,                    (None,  True,  True,  True,  None,  True,  None,  None)),
    (TRAMITE_FOUNDER,                   (None,  True,  True,  None,  True,  None,  True,  None)),
]
# fmt: on


def placeholders(users: dict[str, Any]) -> dict[str, Any]:
    return {
        SANTIAGO_FOCAL: users["santiago"].person.pk,
        TRAMITE_FOUNDER: users["startup-b"].person.pk,
        DATAMUNI_FOUNDER: users["startup-a"].person.pk,
    }
