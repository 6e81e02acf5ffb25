"""Names, addresses, services and times pulled from texts by rules and real parsers."""
from datetime import datetime

import pytest

from appliance.brain.address import find_address
from appliance.brain.names import find_name
from appliance.brain.profile import TradeProfile
from appliance.brain.service import describe_service
from appliance.brain.when import find_preferred_time

PROFILE = TradeProfile.from_mapping({"business": "Test Plumbing", "trade": "plumbing",
                                     "service_zips": ["78701", "78702"], "service_towns": ["Austin", "Pflugerville"]})


@pytest.mark.parametrize("messages,parts", [
    (["leak at 2301 S Congress Ave, Austin TX 78704"], ["2301", "Congress", "Austin", "78704"]),
    (["apt 12C at 400 W 5th St Austin"], ["400", "5th", "12C"]),
    (["we're at 9 Oak Hollow Ln in Pflugerville"], ["9", "Oak Hollow", "Pflugerville"]),
    (["corner of Guadalupe and 24th"], ["Guadalupe", "24th"]),
    (["RR 4 Box 22, Bastrop TX"], ["Box 22", "Bastrop"]),
    (["1718 CALLE DEL NORTE, LAREDO"], ["1718", "Calle del Norte".upper(), "LAREDO"]),
    # a street without a number opening a message or a sentence, then its town
    (["sink clogged", "Barton Springs Rd, Austin. Evenings are best"], ["Barton Springs", "Austin"]),
    (["need two outlets moved. Pecan Ln, Pflugerville"], ["Pecan", "Pflugerville"]),
    # towns written with an abbreviated Saint, Fort or Mount
    (["heat's out", "88 Grand Ave, St. Paul"], ["88", "Grand", "St. Paul"]),
    (["310 Cypress Dr, Ft. Myers. I'm Lena"], ["310", "Cypress", "Ft. Myers"]),
    # a town of two words as a whole message
    (["estimate for a new opener?", "Glens Falls"], ["Glens Falls"]),
    # roads known by a number, Utah's grid, hyphenated house numbers, streets with no type
    (["tank is full", "2207 County Road 9 Brainerd MN"], ["2207", "County Road 9", "Brainerd"]),
    (["pump out due", "Hollis Dean 410 FM 1960 Humble TX"], ["410", "FM 1960", "Humble"]),
    (["Kira, 860 N 300 W, Provo"], ["860", "300 W", "Provo"]),
    (["87-140 Farrington Hwy, Waianae"], ["87-140", "Farrington", "Waianae"]),
    (["1200 SE Broadway, Portland"], ["1200", "Broadway", "Portland"]),
    # a five-digit house number is not a ZIP; the town given before the street and its sign-off
    (["roof estimate", "20731 Lorain Rd Fairview Park"], ["20731", "Lorain", "Fairview Park"]),
    (["Macon GA, 55 Orange St. Delia"], ["55", "Orange", "Macon"]),
    # the town is the words that are a town, not all the words after the street
    (["at 14 Pine St, Asheville sees the leak"], ["14", "Pine", "Asheville"]),
    (["715 Lakeview Dr, Coeur d'Alene"], ["715", "Lakeview", "Coeur d'Alene"]),
])
def test_addresses_are_found_and_normalised(messages, parts):
    address = find_address(messages, PROFILE)
    assert address is not None
    assert all(p.lower() in address.text.lower() for p in parts), address.text


@pytest.mark.parametrize("text", [
    "the panel is 100 amp, house is 2,400 sq ft", "I have 3 yrs experience", "set to 72 and it's 80 in here",
    "call me at 512-555-0199", "my 2008 Rheem finally died", "invoice #44120",
    "Main St, honestly the whole block lost power",  # a street opening a sentence needs its town after the comma
])
def test_numbers_that_are_not_addresses(text):
    assert find_address([text]) is None


def test_service_area_from_zip_and_town():
    assert find_address(["12 Elm St, Austin TX 78701"], PROFILE).in_service_area is True
    assert find_address(["12 Elm St, Dallas TX 75201"], PROFILE).in_service_area is False
    assert find_address(["12 Elm St, Pflugerville"], PROFILE).in_service_area is True
    assert find_address(["12 Elm St"], PROFILE).in_service_area is None


@pytest.mark.parametrize("messages,name", [
    (["hi this is Dolores Ruiz, my sink is clogged"], "Dolores Ruiz"),
    (["my name is jake"], "Jake"),
    (["furnace is out", "Thanks - Omar"], "Omar"),
    (["Bernadette O'Neil, 44 Pine St"], "Bernadette O'Neil"),
    (["Hola, me llamo José Ángel Treviño"], "José Ángel Treviño"),
    (["Ming"], "Ming"),
    (["It's Dr. Okafor, the drain is slow"], "Dr. Okafor"),
])
def test_customers_own_name(messages, name):
    assert find_name(messages) == name


@pytest.mark.parametrize("messages", [
    ["my landlord Mr. Petrov said to text you"],
    ["sorry, wrong number, I was looking for my brother Sam"],
    ["the tenant's name is Kiara, please call her"],
    ["this is kind of urgent"],
    ["I'm at work until 6"],
    ["STOP"],
])
def test_no_name_is_invented(messages):
    assert find_name(messages) is None


@pytest.mark.parametrize("messages,words", [
    (["water heater pilot keeps going out"], ["water heater", "pilot"]),
    (["el calentador no prende"], ["water heater"]),
    (["garage door opener clicks but door doesn't move"], ["opener"]),
    (["need an EV charger put in the garage"], ["EV charger", "installation"]),
    (["roof leaking around the chimney flashing"], ["roof", "leak"]),
    # equipment a dispatcher names by itself, not folded into a bigger word
    (["the baseboard heater in the nursery ticks and smells dusty"], ["baseboard heater"]),
    (["dehumidifier in the crawlspace stopped draining"], ["dehumidifier"]),
    (["the humidifier pad on the furnace is crusty"], ["humidifier"]),
    (["evaporative cooler pump hums but no water on the pads"], ["swamp cooler"]),
    (["the upstairs zone damper won't open"], ["zone damper"]),
    (["fridge water line under the sink is dripping"], ["ice maker line"]),
    (["the main water line in the yard cracked"], ["main water line"]),
    (["la secadora bota el breaker"], ["dryer"]),
    (["gas cooktop clicks nonstop"], ["stove"]),
    (["need grab bars by the tub for my dad"], ["grab bar"]),
    (["la cerca del patio se cayó"], ["fence"]),
    (["old house, want the wiring checked"], ["wiring"]),
    (["power went out in half the kitchen"], ["power out"]),
    (["I can hear water trickling behind the wall"], ["leak"]),
    # a repipe in PEX, water shooting from the lawn, hot water run out, heat not reaching a floor, a shock
    (["thinking about redoing the old galvanized in PEX"], ["pipe"]),
    (["water is shooting up out of the back yard by the curb"], ["leak"]),
    (["no more hot water since this morning"], ["no hot water"]),
    (["heat isn't getting up to the bonus room"], ["no heat"]),
    (["got a shock off the dryer door"], ["shock"]),
])
def test_service_description(messages, words):
    service, confidence = describe_service(messages)
    assert service and all(w.lower() in service.lower() for w in words), service
    assert confidence > 0


def test_near_is_not_a_fence():
    service, _ = describe_service(["huele a gas cerca de la caldera"])
    assert "fence" not in service and "boiler" in service


def test_no_service_from_small_talk():
    assert describe_service(["hi, sorry I missed you"])[0] is None


def test_preferred_time_is_parsed_in_business_time_zone():
    now = datetime(2025, 6, 2, 9, 0)  # a Monday
    wish = find_preferred_time(["could someone come tomorrow morning?"], now, "America/Denver")
    assert wish is not None and wish.start.startswith("2025-06-03T") and wish.start.endswith("-06:00")


def test_past_dates_are_not_visit_wishes():
    assert find_preferred_time(["you installed it in March and it broke"], datetime(2025, 6, 2), "America/Chicago") is None


def test_relative_times_count_from_the_business_clock_not_the_servers():
    from datetime import timezone

    late_utc = datetime(2025, 6, 3, 3, 30, tzinfo=timezone.utc)  # still June 2 in Denver
    wish = find_preferred_time(["tomorrow at 9am please"], late_utc, "America/Denver")
    assert wish.start.startswith("2025-06-03T09:00")


@pytest.mark.parametrize("messages,name", [
    # a couple signing together is the customer
    (["no heat", "2211 W 4th St Duluth", "Tyler & Amanda Roske"], "Tyler & Amanda Roske"),
    (["techo dañado", "Alejandro y Carmen Rios"], "Alejandro y Carmen Rios"),
    (["wax ring", "1880 Noriega St, SF", "- Mr. & Mrs. Chan"], "Mr. & Mrs. Chan"),
    # a title stays with the name it opens
    (["boiler out", "7 Lake St, Penn Yan NY", "Mr. Harold Beckwith"], "Mr. Harold Beckwith"),
    # the street's town in a message of its own is where, the next word who
    (["AC not cooling", "615 S 3rd Ave", "Yuma", "Felipe"], "Felipe"),
    # an address line's first word is no name
    (["no heat", "RR 3 Box 27, Bemidji MN", "Gunnar Lindahl"], "Gunnar Lindahl"),
    # a name before an address typed all in lower case
    (["pipe burst", "Marisol 812 cedar ln waco"], "Marisol"),
    (["septic backing up", "we're at 18 Oak St, Tyler TX. Billy Ray Jenkins"], "Billy Ray Jenkins"),
    (["Olá, o aquecedor não liga", "Meu nome é Rafael Souza"], "Rafael Souza"),
    (["gas line for a grill?", "- Colin Murphy, Virginia Beach"], "Colin Murphy"),
    (["need the invoice again", "account is under Howard Pierce"], "Howard Pierce"),
    (["ya llegó la pieza?", "soy la señora Rivera, 58 Pine St"], "señora Rivera"),
    (["gutters overflowing", "Erin Walsh - 1515 Stevens Dr Richland"], "Erin Walsh"),
    (["adding a bedroom", "Gordon Fairbanks W5620 County Rd K, Rhinelander"], "Gordon Fairbanks"),
    (["mom's furnace is out", "I'm her son Dale Niemi"], "Dale Niemi"),
])
def test_names_given_the_ways_people_sign(messages, name):
    assert find_name(messages) == name


def test_someone_elses_name_is_not_the_customers():
    assert find_name(["my aunt's heat is off, she's 90. Her name is Mrs. Agnes Doyle"]) is None


@pytest.mark.parametrize("messages,parts", [
    (["Calle Sol 118, Las Cruces NM"], ["118", "Sol", "Las Cruces"]),
    (["Es el 1309 de la Calle Morelos, Eagle Pass"], ["1309", "Morelos", "Eagle Pass"]),
    (["5520 N Fresno St #104 Fresno CA 93710"], ["5520", "Fresno St", "104", "93710"]),
    (["W8310 State Hwy 70, Minocqua WI"], ["W8310", "70", "Minocqua"]),
    (["1212 Ranch Rd 170, Terlingua TX"], ["1212", "Ranch Rd 170", "Terlingua"]),
    (["10950 N La Cañada Dr, Oro Valley"], ["10950", "Cañada", "Oro Valley"]),
    (["ac is freezing up", "1024 Lane Allen Rd", "Lexington", "Corey Beasley"], ["1024", "Lane Allen", "Lexington"]),
    (["blower runs all day", "Joplin, 1725 S Pearl Ave", "Gentry"], ["1725", "Pearl", "Joplin"]),
    (["1215 N Classen Blvd, OKC"], ["1215", "Classen", "OKC"]),
    (["608 N Elm Hutchinson KS"], ["608", "Elm", "Hutchinson"]),
    (["Sandra Ortiz, 9120 E Via Linda, Scottsdale"], ["9120", "Via Linda", "Scottsdale"]),
    (["Sven, 18 Lakeview Terr, Ely"], ["18", "Lakeview", "Ely"]),
    (["propane smell", "21480 SD Hwy 14, Huron"], ["21480", "Hwy 14", "Huron"]),
    (["fregadero tapado", "estoy en el 3100 de Freedom Dr en Charlotte"], ["3100", "Freedom", "Charlotte"]),
    (["cuanto por bombear el tanque?", "estoy en Vineland"], ["Vineland"]),
    (["septic pump out", "5588 M-53, Marlette MI"], ["5588", "M-53", "Marlette"]),
])
def test_addresses_written_the_many_ways_people_write_them(messages, parts):
    address = find_address(messages)
    assert address is not None and all(p.lower() in address.text.lower() for p in parts), address


def test_a_company_signing_is_not_a_name():
    assert find_name(["would you join our preferred vendor list? Gina Lacoste, Bayou Realty"]) == "Gina Lacoste"
