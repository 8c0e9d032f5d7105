"""Small, general word lists the catalogue bootstrap reasons with.

Nothing here is specific to the seed corpus: countries with their demonyms and capitals (so
"Turkish" and "Ankara" merge into Turkey), government buildings that stand for a government,
titles that announce a person, and the nouns that tell an organisation's kind.
"""

from __future__ import annotations

__all__ = [
    "COUNTRIES", "PEOPLES", "EVENT_WORDS", "BUILDINGS", "ABBREVIATIONS", "TITLES", "ROLE_WORDS", "KIND_WORDS",
    "GROUP_WORDS", "PARTICLES", "CONNECTORS", "STOP_WORDS", "ADJECTIVE_SUFFIXES",
    "STATE_NOUNS", "GROUP_NOUNS", "ORG_NOUNS", "PUBLICATION_WORDS", "country_lookup",
]

# name: (demonyms and adjectives, capitals and seats of government)
COUNTRIES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "Afghanistan": (("Afghan", "Afghans"), ("Kabul",)),
    "Algeria": (("Algerian",), ("Algiers",)),
    "Armenia": (("Armenian", "Armenians"), ("Yerevan",)),
    "Australia": (("Australian",), ("Canberra",)),
    "Azerbaijan": (("Azerbaijani", "Azeri", "Azeris", "Azerbaijanis"), ("Baku",)),
    "Belarus": (("Belarusian",), ("Minsk",)),
    "Belgium": (("Belgian",), ("Brussels",)),
    "Brazil": (("Brazilian",), ("Brasilia",)),
    "Canada": (("Canadian", "Canadians"), ("Ottawa",)),
    "China": (("Chinese",), ("Beijing",)),
    "Cyprus": (("Cypriot",), ("Nicosia",)),
    "Egypt": (("Egyptian",), ("Cairo",)),
    "France": (("French",), ("Paris",)),
    "Georgia": (("Georgian",), ("Tbilisi",)),
    "Germany": (("German", "Germans"), ("Berlin",)),
    "Greece": (("Greek", "Greeks"), ("Athens",)),
    "India": (("Indian",), ("New Delhi", "Delhi")),
    "Iran": (("Iranian", "Iranians"), ("Tehran",)),
    "Iraq": (("Iraqi", "Iraqis"), ("Baghdad",)),
    "Israel": (("Israeli", "Israelis"), ("Jerusalem", "Tel Aviv")),
    "Italy": (("Italian",), ("Rome",)),
    "Japan": (("Japanese",), ("Tokyo",)),
    "Jordan": (("Jordanian",), ("Amman",)),
    "Kazakhstan": (("Kazakh",), ("Astana",)),
    "Lebanon": (("Lebanese",), ("Beirut",)),
    "Libya": (("Libyan", "Libyans"), ("Tripoli",)),
    "Netherlands": (("Dutch",), ("Amsterdam", "The Hague")),
    "Pakistan": (("Pakistani", "Pakistanis"), ("Islamabad",)),
    "Poland": (("Polish",), ("Warsaw",)),
    "Qatar": (("Qatari",), ("Doha",)),
    "Russia": (("Russian", "Russians"), ("Moscow",)),
    "Saudi Arabia": (("Saudi", "Saudis"), ("Riyadh",)),
    "Soviet Union": (("Soviet",), ()),
    "Spain": (("Spanish",), ("Madrid",)),
    "Sudan": (("Sudanese",), ("Khartoum",)),
    "Sweden": (("Swedish",), ("Stockholm",)),
    "Syria": (("Syrian", "Syrians"), ("Damascus",)),
    "Tunisia": (("Tunisian",), ("Tunis",)),
    "Turkey": (("Turkish", "Turks", "Türkiye"), ("Ankara",)),
    "Ukraine": (("Ukrainian", "Ukrainians"), ("Kyiv", "Kiev")),
    "United Arab Emirates": (("Emirati",), ("Abu Dhabi",)),
    "United Kingdom": (("British", "Britain"), ("London",)),
    "United States": (("American", "Americans"), ("Washington",)),
    "Yemen": (("Yemeni",), ("Sanaa",)),
    "Albania": (("Albanian",), ("Tirana",)), "Argentina": (("Argentine", "Argentinian"), ("Buenos Aires",)),
    "Austria": (("Austrian",), ("Vienna",)), "Bahrain": (("Bahraini",), ("Manama",)),
    "Bangladesh": (("Bangladeshi",), ("Dhaka",)), "Bosnia": (("Bosnian",), ("Sarajevo",)),
    "Bulgaria": (("Bulgarian",), ("Sofia",)), "Chile": (("Chilean",), ("Santiago",)),
    "Colombia": (("Colombian",), ("Bogota",)), "Croatia": (("Croatian",), ("Zagreb",)),
    "Cuba": (("Cuban",), ("Havana",)), "Czech Republic": (("Czech",), ("Prague",)),
    "Denmark": (("Danish",), ("Copenhagen",)), "Estonia": (("Estonian",), ("Tallinn",)),
    "Ethiopia": (("Ethiopian",), ("Addis Ababa",)), "Finland": (("Finnish",), ("Helsinki",)),
    "Hungary": (("Hungarian",), ("Budapest",)), "Indonesia": (("Indonesian",), ("Jakarta",)),
    "Ireland": (("Irish",), ("Dublin",)), "Kenya": (("Kenyan",), ("Nairobi",)),
    "Kuwait": (("Kuwaiti",), ("Kuwait City",)), "Kyrgyzstan": (("Kyrgyz",), ("Bishkek",)),
    "Latvia": (("Latvian",), ("Riga",)), "Lithuania": (("Lithuanian",), ("Vilnius",)),
    "Malaysia": (("Malaysian",), ("Kuala Lumpur",)), "Mexico": (("Mexican",), ("Mexico City",)),
    "Moldova": (("Moldovan",), ("Chisinau",)), "Morocco": (("Moroccan",), ("Rabat",)),
    "Myanmar": (("Burmese",), ("Naypyidaw",)), "New Zealand": (("New Zealander",), ("Wellington",)),
    "Nigeria": (("Nigerian",), ("Abuja",)), "North Korea": (("North Korean",), ("Pyongyang",)),
    "Norway": (("Norwegian",), ("Oslo",)), "Oman": (("Omani",), ("Muscat",)),
    "Palestine": (("Palestinian",), ("Ramallah",)), "Philippines": (("Filipino",), ("Manila",)),
    "Portugal": (("Portuguese",), ("Lisbon",)), "Romania": (("Romanian",), ("Bucharest",)),
    "Serbia": (("Serbian", "Serb"), ("Belgrade",)), "Singapore": (("Singaporean",), ()),
    "Slovakia": (("Slovak",), ("Bratislava",)), "Somalia": (("Somali",), ("Mogadishu",)),
    "South Africa": (("South African",), ("Pretoria",)), "South Korea": (("South Korean",), ("Seoul",)),
    "Switzerland": (("Swiss",), ("Bern",)), "Taiwan": (("Taiwanese",), ("Taipei",)),
    "Tajikistan": (("Tajik",), ("Dushanbe",)), "Thailand": (("Thai",), ("Bangkok",)),
    "Turkmenistan": (("Turkmen",), ("Ashgabat",)), "Uzbekistan": (("Uzbek",), ("Tashkent",)),
    "Venezuela": (("Venezuelan",), ("Caracas",)), "Vietnam": (("Vietnamese",), ("Hanoi",)),
}
# Peoples without a state of their own: their adjective starts group phrases ("Kurdish militants").
PEOPLES = {"Kurdish": "Kurds", "Arab": "Arabs", "Palestinian": "Palestinians", "Chechen": "Chechens",
           "Uyghur": "Uyghurs", "Druze": "Druze", "Yazidi": "Yazidis"}
# Names that end in these are events, not actors ("Second Artsakh War").
EVENT_WORDS = {"war", "wars", "conflict", "crisis", "operation", "summit", "talks", "offensive", "day"}
# Buildings and institutions named for the government that sits in them.
BUILDINGS = {"Kremlin": "Russia", "Pentagon": "United States", "White House": "United States",
             "Élysée": "France", "Elysee": "France", "Downing Street": "United Kingdom"}
ABBREVIATIONS = {"US": "United States", "U.S.": "United States", "USA": "United States",
                 "UK": "United Kingdom", "U.K.": "United Kingdom", "USSR": "Soviet Union",
                 "Russian Federation": "Russia", "Republic of Turkey": "Turkey"}

TITLES = {"President", "Prime", "Minister", "Secretary-General", "Secretary", "General", "Chancellor",
          "King", "Queen", "Field", "Marshal", "Defense", "Defence", "Foreign", "Interior", "Head",
          "Chief", "Leader", "Spokesman", "Spokeswoman", "Ambassador", "Senator", "Sen.", "Rep.",
          "Mr.", "Mrs.", "Ms.", "Dr.", "Commander", "Gen.", "Colonel", "Col.", "Emir", "Sheikh",
          "Vice", "Deputy", "Speaker", "Director", "Prince", "Princess", "Duke", "Duchess", "Lord", "Lady",
          "Sir", "Dame", "Pope", "Cardinal", "Bishop", "Judge", "Justice", "Mayor", "Governor", "Representative",
          "Rep", "Sen", "Mr", "Mrs", "Ms", "Dr", "Professor", "Prof.", "Chairman", "Chairwoman", "Chair"}
# Lower-case words that, right before a name, say the name is a person ("counterpart, Hulusi Akar").
ROLE_WORDS = {"president", "minister", "counterpart", "leader", "spokeswoman", "spokesman", "head",
              "chief", "secretary", "ambassador", "editor", "official", "commander", "marshal",
              "premier", "envoy", "general", "author", "reporter", "analyst", "director", "said", "told"}
# A word anywhere in a name that tells its kind.
KIND_WORDS = {
    "ministry": "government_body", "department": "government_body", "embassy": "government_body",
    "service": "government_body", "government": "government_body", "congress": "government_body",
    "parliament": "government_body", "senate": "government_body", "council": "government_body",
    "federation": "state", "republic": "state", "kingdom": "state", "union": "state",
    "army": "armed_group", "front": "armed_group", "brigade": "armed_group", "brigades": "armed_group",
    "division": "armed_group", "militia": "armed_group", "forces": "armed_group", "battalion": "armed_group",
    "jabhat": "armed_group", "firqat": "armed_group", "harakat": "armed_group", "ahrar": "armed_group",
    "organization": "organisation", "organisation": "organisation", "institute": "organisation",
    "project": "organisation", "alliance": "organisation", "nations": "organisation", "agency": "organisation",
    "committee": "organisation", "foundation": "organisation", "association": "organisation",
    "company": "company", "inc": "company", "ltd": "company", "corporation": "company", "corp": "company",
    "industries": "company", "airlines": "company",
    "radio": "publication", "news": "publication", "newsarabia": "publication", "times": "publication",
    "guardian": "publication", "post": "publication", "journal": "publication", "tribune": "publication",
    "herald": "publication", "gazette": "publication", "reuters": "publication", "press": "publication",
    "tv": "publication", "television": "publication", "twitter": "company", "facebook": "company",
    "university": "organisation", "college": "organisation", "hospital": "organisation", "school": "organisation",
    "coliseum": "place", "stadium": "place", "street": "place", "square": "place", "airport": "place",
    "river": "place", "island": "place", "islands": "place", "bridge": "place", "park": "place",
    "county": "place", "province": "place", "region": "place", "valley": "place", "mountains": "place",
    "sea": "place", "ocean": "place", "strait": "place", "lake": "place", "bay": "place", "city": "place",
}
PUBLICATION_WORDS = {w for w, k in KIND_WORDS.items() if k == "publication"}
# Words that make up a group's name but not its identity ("al-Nusra Front" = "Jabhat an-Nusra").
GROUP_WORDS = {"front", "brigade", "brigades", "division", "battalion", "regiment", "movement",
               "jabhat", "firqat", "harakat", "liwa", "jaysh", "faylaq", "group", "groups"}
PARTICLES = {"al", "an", "ash", "as", "el", "ad", "ar", "at", "az", "ul"}
CONNECTORS = {"of", "de", "du", "la", "bin", "ibn", "von", "van", "der", "for"}
ADJECTIVE_SUFFIXES = {"backed", "based", "made", "affiliated", "led", "controlled", "linked",
                      "funded", "supported", "run", "owned", "aligned", "born", "sponsored", "built"}
# After a demonym: nouns that denote the state itself ("Azeri forces"), groups from it ("Syrian
# mercenaries"), and its bodies ("Armenian foreign ministry").
STATE_NOUNS = {"forces", "troops", "soldiers", "army", "military", "government", "officials",
               "authorities", "leadership", "armed forces"}
GROUP_NOUNS = {"mercenaries", "militants", "fighters", "jihadists", "rebels", "volunteers",
               "extremists", "militias", "factions", "extremist groups", "armed factions",
               "extremist organizations"}
ORG_NOUNS = {"ministry": "government_body", "embassy": "government_body", "security company": "company",
             "company": "company", "media": "publication", "intelligence": "government_body"}

STOP_WORDS = {
    "a", "an", "the", "in", "on", "at", "of", "for", "to", "from", "by", "with", "and", "or", "but",
    "as", "if", "while", "since", "before", "after", "during", "despite", "however", "although",
    "this", "that", "these", "those", "they", "he", "she", "it", "its", "his", "her", "their", "we",
    "our", "you", "your", "i", "one", "many", "some", "such", "other", "another", "both", "each",
    "further", "furthermore", "moreover", "instead", "meanwhile", "simultaneously", "later",
    "previously", "earlier", "allegedly", "reportedly", "among", "according", "when", "where",
    "what", "who", "why", "how", "there", "here", "then", "now", "so", "yet", "also", "not", "no",
    "all", "most", "more", "dozens", "hundreds", "thousands", "officials", "analysts", "map",
    "conclusion", "source", "story", "code", "author", "leave", "reply", "required", "fields",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "autumn", "spring", "summer", "winter", "mid-september", "second",
    "first", "third", "new", "old", "google", "tag", "thought", "terrorist", "terrorists",
    "yesterday", "today", "tomorrow", "tonight", "recently", "last", "next", "still", "already", "again",
}


def country_lookup() -> dict[str, tuple[str, str]]:
    """casefolded surface -> (country, form): every name, demonym, capital and building."""
    table: dict[str, tuple[str, str]] = {}
    for country, (demonyms, capitals) in COUNTRIES.items():
        table[country.casefold()] = (country, "name")
        table.update({d.casefold(): (country, "adjective") for d in demonyms})
        table.update({c.casefold(): (country, "metonym") for c in capitals})
    table.update({b.casefold(): (c, "metonym") for b, c in BUILDINGS.items()})
    table.update({a.casefold(): (c, "alias") for a, c in ABBREVIATIONS.items()})
    return table
