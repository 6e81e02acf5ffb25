"""Businesses sign their texts too: a shop's, clinic's or church's name is never the person's."""

import pytest

from appliance.brain.names import find_name


@pytest.mark.parametrize("messages", [
    ["ice machine leaking", "Harbor Light Bakery, 18 Pier Rd, Mystic CT"],
    ["ceiling fan wobbles in the lobby", "Golden Bowl Noodle Bar 903 Elm Ave, Tulsa"],
    ["grease trap smells", "Nonna's Trattoria, 55 Hanover St, Boston"],  # a possessive heads a business
    ["water heater pilot out", "Pine Hollow Chapel, 7 Ridge Rd, Asheville"],
    ["rtu is loud", "Vista Ridge Elementary, 2200 Owl Dr, Lubbock"],
])
def test_a_business_signing_before_its_address_is_no_name(messages):
    assert find_name(messages) is None


@pytest.mark.parametrize("messages, expected", [
    (["drain slow", "Cactus Flower Salon, 410 Vine St, Mesa. Odalys"], "Odalys"),
    (["walk-in warm", "Redbird Diner, 88 Oak Ave, Joplin. Wendell Hart"], "Wendell Hart"),
    (["sink clogged", "this is Andre the kitchen lead at Four Oaks"], "Andre"),  # a business word after a name
])
def test_the_person_signing_after_a_business_is_the_name(messages, expected):
    assert find_name(messages) == expected


@pytest.mark.parametrize("messages, expected", [
    # an honorific or a rank before a surname alone stays with it
    (["freezer at 20", "Tern Cove Vet Center, 12 Dune Rd, Rehoboth. Dr. Okoro"], "Dr. Okoro"),
    (["bay door sticks", "Ladder 9, 40 Canal St, Lowell. Sgt. Duffy"], "Sgt. Duffy"),
    (["Capt. Reyna at Engine 2. the hose bib drips"], "Capt. Reyna"),
    # a role worn as a title goes before a full name, stays before a surname alone
    (["boiler out", "Grace Chapel, 3 Hill Rd, Dayton. Reverend Alma Price"], "Alma Price"),
    (["this is Nurse Idris Bello, the clinic sink is clogged"], "Idris Bello"),
    (["hi, this is Coach Whitfield, the gym lights are out"], "Coach Whitfield"),
    (["el baño no drena", "soy la enfermera Lupita"], "Lupita"),  # a role typed in lower case is no title
])
def test_titles_stay_or_go_as_an_office_writes_them(messages, expected):
    assert find_name(messages) == expected


def test_a_landlord_named_by_a_tenant_is_not_the_texter():
    assert find_name(["tenant at 9 Bay St, the sink drips. the owner is Mrs. Lindqvist"]) is None


@pytest.mark.parametrize("messages, expected", [
    (["ice maker down", "Koa Grill, 5 Ala Moana Blvd, Honolulu. Malia, front desk manager"], "Malia"),
    (["pump is loud", "Yusuf Demir (building superintendent)"], "Yusuf Demir"),
    (["Hi, Petra Novak, maintenance supervisor at Elm Court. the boiler is down"], "Petra Novak"),
    (["no heat in 4B", "I'm the building manager, Theo Grant. 9 Birch Ln, Reno"], "Theo Grant"),
    (["walk-in at 45", "Bayou Fish House, 2 Levee Rd, Houma. Ask for Dalia"], "Dalia"),
    (["roof drain clogged", "Point of contact: Irene Walsh"], "Irene Walsh"),
    (["Orchard Row, 18 Apple Ct, Hood River. Treasurer, Gil Moreno"], "Gil Moreno"),  # a role before the name
    (["Tobias Renn again. the tech left the panel cover off"], "Tobias Renn"),
    (["Caleb, Northside Realty Group. the lockbox code is 1234"], "Caleb"),
    (["hola es Lalo de la taquería, no sirve el fregadero"], "Lalo"),
])
def test_a_person_named_with_their_role_or_business_is_found(messages, expected):
    assert find_name(messages) == expected


def test_the_tenants_landlord_named_in_passing_is_not_the_texter():
    assert find_name(["heater quit in unit 2, landlord is Mr. Abara"]) is None


@pytest.mark.parametrize("messages", [
    ["se descompuso el enfriador", "Panadería Santa Fe, 91 Olive St, Pomona"],
    ["no sale agua caliente en la cocina", "Ferretería Díaz 1200 Nogales Hwy, Tucson"],
    ["tenemos goteras en la tienda", "Boutique Marisol, 45 Broad St, Paterson"],
])
def test_a_spanish_shop_signing_is_no_name(messages):
    assert find_name(messages) is None


@pytest.mark.parametrize("messages, expected", [
    (["habla Rosalinda Quintero desde Laredo, la estufa no prende"], "Rosalinda Quintero"),  # "desde" opens the place
    (["la secadora no calienta", "soy Efrén Contrería"], "Efrén Contrería"),  # a surname ending in -ería
    (["el boiler hace ruido", "Valeria Soto, 88 Elm St, Yonkers"], "Valeria Soto"),
])
def test_spanish_names_stop_where_the_name_ends(messages, expected):
    assert find_name(messages) == expected
