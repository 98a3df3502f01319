from datetime import UTC, datetime

import pytest

from articles import dates


def utc(*args):
    return datetime(*args, tzinfo=UTC)


def test_outside_ramadan_morocco_is_utc_plus_one():
    moment = utc(2023, 1, 27, 9, 0)
    assert dates.gregorian_datetime(moment) == "27 يناير 2023، 10:00"
    assert dates.local(moment).isoformat() == "2023-01-27T10:00:00+01:00"


def test_inside_ramadan_2025_morocco_is_utc():
    moment = utc(2025, 3, 15, 12, 30)
    assert dates.gregorian_datetime(moment) == "15 مارس 2025، 12:30"
    assert dates.local(moment).isoformat() == "2025-03-15T12:30:00+00:00"


def test_the_local_day_decides_the_date_near_midnight():
    assert dates.gregorian_date(utc(2023, 1, 26, 23, 30)) == "27 يناير 2023"
    assert dates.gregorian_date(utc(2025, 3, 15, 23, 30)) == "15 مارس 2025"


@pytest.mark.parametrize(
    ("month", "expected"),
    [
        (1, "15 يناير 2024"),
        (2, "15 فبراير 2024"),
        (3, "15 مارس 2024"),
        (4, "15 أبريل 2024"),
        (5, "15 ماي 2024"),
        (6, "15 يونيو 2024"),
        (7, "15 يوليوز 2024"),
        (8, "15 غشت 2024"),
        (9, "15 شتنبر 2024"),
        (10, "15 أكتوبر 2024"),
        (11, "15 نونبر 2024"),
        (12, "15 دجنبر 2024"),
    ],
)
def test_every_month_has_its_moroccan_name(month, expected):
    assert dates.gregorian_date(utc(2024, month, 15, 12, 0)) == expected


def test_digits_are_western():
    text = dates.gregorian_datetime(utc(2024, 7, 9, 8, 5)) + dates.hijri_date(utc(2024, 7, 9, 8, 5))
    assert not any("\u0660" <= char <= "\u0669" for char in text)
    assert "9 يوليوز 2024، 09:05" in text


def test_hijri_date_outside_and_inside_ramadan():
    assert dates.hijri_date(utc(2023, 1, 27, 9, 0)) == "5 رجب 1444 هـ"
    assert dates.hijri_date(utc(2025, 3, 15, 12, 0)) == "15 رمضان 1446 هـ"


def test_hijri_offset_follows_the_site_setting(settings):
    # Morocco began Ramadan 1446 a day after the computed calendar: offset −1.
    settings.HIJRI_DAY_OFFSET = -1
    assert dates.hijri_date(utc(2025, 3, 15, 12, 0)) == "14 رمضان 1446 هـ"
    settings.HIJRI_DAY_OFFSET = 1
    assert dates.hijri_date(utc(2025, 3, 15, 12, 0)) == "16 رمضان 1446 هـ"


def test_hijri_offset_is_bounded(settings):
    settings.HIJRI_DAY_OFFSET = 40
    assert dates.hijri_date(utc(2025, 3, 15, 12, 0)) == "17 رمضان 1446 هـ"


def test_dates_outside_the_hijri_tables_give_no_hijri_text():
    assert dates.hijri_date(utc(1800, 1, 1, 12, 0)) == ""
