import pytest

from wordpress.places import Division, PlaceMatcher, place_key, read_divisions, read_region_map
from wordpress.records import ItemTerm


@pytest.fixture(scope="module")
def matcher():
    return PlaceMatcher(read_divisions())


def code(matcher, name, slug=""):
    division = matcher.match(name, slug)
    return division and division.code


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["أكادير", "اكادير", "إكادير", "Agadir", "AGADIR", "agadir"], "09.001.01.01"),
        (["Souss-Massa", "سوس ماسة", "سوس-ماسه", "سوس  ماسة", "جهة سوس ماسة", "Région de Souss-Massa"], "09"),
        (["Béni Mellal", "Beni-Mellal", "بني ملال", "بني مَلّال", "بنـــي ملال"], "05.091"),
        (["الدار البيضاء", "الدارالبيضاء", "دار البيضاء", "Casablanca"], "06.141"),
        (["العيون", "Laâyoune", "laayoune"], "11.321"),
        (["تزنيت", "تيزنيت", "Tiznit", "إقليم تيزنيت", "Province de Tiznit"], "09.581"),
        (["فكيك", "فجيج", "Figuig"], "02.251"),
        (["طنجة", "Tanger"], "01.511.01.0"),
    ],
)
def test_spellings_of_one_place(matcher, names, expected):
    assert {code(matcher, name) for name in names} == {expected}


def test_the_normalised_key():
    assert place_key("جهة سوس-ماسة") == "جههسوسماسه"
    assert place_key("Béni-Mellal") == place_key("beni mellal") == "benimellal"
    assert place_key("الحسيمة") == place_key("حسيمة")


def test_a_name_shared_by_a_prefecture_and_its_commune_is_the_prefecture(matcher):
    assert [(d.code, d.level) for d in matcher.candidates("الرباط")] == [
        ("04.421", "prefecture"),
        ("04.421.01.0", "commune"),
    ]
    assert code(matcher, "الرباط") == code(matcher, "Rabat") == "04.421"


def test_a_level_word_chooses_the_level(matcher):
    assert code(matcher, "جماعة الرباط") == "04.421.01.0"
    assert code(matcher, "Commune de Rabat") == "04.421.01.0"
    assert code(matcher, "عمالة الرباط") == "04.421"
    assert code(matcher, "مدينة بني ملال") == "05.091.01.01"


def test_the_slug_is_tried_when_the_name_is_not_a_place(matcher):
    assert code(matcher, "أخبار", "%d8%a3%d9%83%d8%a7%d8%af%d9%8a%d8%b1") == "09.001.01.01"
    assert code(matcher, "News", "souss-massa") == "09"
    assert code(matcher, "الرياضة", "sport") is None


def test_two_communes_of_one_name_match_nothing_alone():
    divisions = [
        Division("01", "region", "جهة أ"),
        Division("01.1", "province", "إقليم أ", parent_code="01"),
        Division("01.2", "province", "إقليم ب", parent_code="01"),
        Division("01.1.1", "commune", "سيدي علي", parent_code="01.1"),
        Division("01.2.1", "commune", "سيدي علي", parent_code="01.2"),
    ]
    matcher = PlaceMatcher(divisions)
    assert matcher.match("سيدي علي") is None
    # …but another category of the post says which one.
    assert matcher.most_specific([("سيدي علي", ""), ("إقليم ب", "")]).code == "01.2.1"


def test_most_specific_prefers_the_deepest_then_the_one_inside_the_others(matcher):
    categories = [
        ItemTerm("category", "جهة-سوس-ماسة", "جهة سوس ماسة"),
        ItemTerm("category", "sport", "رياضة"),
        ItemTerm("category", "الرباط", "الرباط"),
        ItemTerm("category", "أكادير", "أكادير"),
    ]
    assert matcher.most_specific(categories).code == "09.001.01.01"
    assert matcher.most_specific([("الرباط", ""), ("جهة سوس ماسة", "")]).code == "04.421"
    assert (
        matcher.most_specific([("تارودانت", ""), ("أكادير", ""), ("Souss-Massa", "")]).code == "09.001.01.01"
    )
    assert matcher.most_specific([("رياضة", "sport")]) is None


def test_the_region_map_overrides_and_can_say_not_a_place(tmp_path):
    path = tmp_path / "map.csv"
    path.write_text(
        "category,code\n%d8%a7%d9%84%d8%b1%d8%a8%d8%a7%d8%b7,04.421.01.0\n# a comment\nسوس,09\nأكادير,\n",
        encoding="utf-8",
    )
    mapping = read_region_map(path)
    assert mapping == {"%d8%a7%d9%84%d8%b1%d8%a8%d8%a7%d8%b7": "04.421.01.0", "سوس": "09", "أكادير": ""}
    matcher = PlaceMatcher(read_divisions(), overrides=mapping)
    assert matcher.match("الرباط").code == "04.421.01.0"
    assert matcher.match("Sous", "سوس").code == "09"
    assert matcher.match("اكادير") is None


def test_a_region_map_with_an_unknown_code_or_a_bad_row_is_refused(tmp_path):
    with pytest.raises(ValueError, match=r"unknown HCP code '99\.999'"):
        PlaceMatcher(read_divisions(), overrides={"x": "99.999"})
    path = tmp_path / "bad.csv"
    path.write_text("أكادير,09\nonly-one-cell\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line 2"):
        read_region_map(path)


def test_the_divisions_file_has_every_level():
    levels = {d.level for d in read_divisions()}
    assert levels == {"region", "prefecture", "province", "commune"}
