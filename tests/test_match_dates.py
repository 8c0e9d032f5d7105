import pytest

from extractors.match_dates import dating_years, frame_years, years_in


def test_time_frames_and_years():
    assert frame_years("2020-10-04") == {2020}
    assert frame_years("1990s/2002") == set(range(1990, 2003))
    assert frame_years("") == frozenset()
    assert years_in("In 2022, not 2023; 12345 is no year") == {2022, 2023}


@pytest.mark.parametrize("text, years", [
    ("Paris thanked Rome, a partner that stood by it in the 1999 crisis.", set()),
    ("In 2021 the council renewed the grant, which was first made in 2004.", {2021}),
    ("The grant (first made in 2004) was renewed in 2021.", {2021}),
    ("In 2021 the council renewed the grant.", {2021}),
    ("Le Conseil, qui s'était réuni en 2019, a tranché en 2021.", {2021}),
    ("Совет, который собирался в 2019 году, решил это в 2021 году.", {2021}),
    ("Il consiglio, il quale si era riunito nel 2019, ha deciso nel 2021.", {2021}),
    ("قال المجلس، الذي تأسس عام 1995، إنه قرر ذلك عام 2021", {2021}),
])
def test_years_in_side_clauses_do_not_date_the_event(text, years):
    assert dating_years(text, this_year=2026) == years


@pytest.mark.parametrize("text, first, last", [
    ("The border talks of the 1990s failed.", 1990, 1999),
    ("Переговоры 1990-х годов провалились.", 1990, 1999),
    ("Die Gespräche der 1990er Jahre scheiterten.", 1990, 1999),
    ("Les négociations des années 1990 ont échoué.", 1990, 1999),
])
def test_a_decade_is_its_ten_years(text, first, last):
    assert dating_years(text, this_year=2026) == set(range(first, last + 1))


@pytest.mark.parametrize("text, first", [
    ("The council has held the villages since 2016.", 2016),
    ("The council has held them since the mid-1990s.", 1990),
    ("Совет удерживает эти сёла с 1990-х годов.", 1990),
    ("Le conseil tient ces villages depuis 2016.", 2016),
    ("Der Rat hält die Dörfer seit den 1990er Jahren.", 1990),
    ("Konsey köyleri 2016'dan beri elinde tutuyor.", 2016),
    ("Konsey köyleri 1990'lardan bu yana elinde tutuyor.", 1990),
    ("يسيطر المجلس على القرى منذ عام 2016", 2016),
])
def test_since_a_year_runs_to_the_present(text, first):
    assert dating_years(text, this_year=2026) == set(range(first, 2027))


def test_a_since_year_still_rules_out_earlier_events():
    assert 2014 not in dating_years("The waiver has been renewed every year since 2016.", this_year=2026)
