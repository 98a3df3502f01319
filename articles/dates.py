"""Dates as a Moroccan reader writes them: local time, Moroccan month names, Western digits.

Django's Arabic catalogue has the Egyptian month names (يوليو، أغسطس…); Morocco uses the
French-derived ones (يوليوز، غشت…), so Arabic dates are formatted here rather than with `date`.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from hijridate import Gregorian

MOROCCAN_MONTHS = (
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "ماي",
    "يونيو",
    "يوليوز",
    "غشت",
    "شتنبر",
    "أكتوبر",
    "نونبر",
    "دجنبر",
)


def local(moment):
    """`moment` in the site's zone (Africa/Casablanca: UTC+1, UTC+0 during Ramadan)."""
    return timezone.localtime(moment)


def local_day(moment):
    """The local calendar day of an aware datetime; a plain date (an event's day) as it is."""
    return local(moment).date() if isinstance(moment, datetime) else moment


def gregorian_date(moment):
    """«27 يناير 2023» for an aware datetime or a plain date."""
    day = local_day(moment)
    return f"{day.day} {MOROCCAN_MONTHS[day.month - 1]} {day.year}"


def gregorian_datetime(moment):
    """«27 يناير 2023، 10:00»: local wall-clock time, 24-hour, Western digits."""
    return f"{gregorian_date(moment)}، {local(moment):%H:%M}"


def hijri_offset():
    """Days to add to the computed (Umm al-Qura) Hijri date, from settings.HIJRI_DAY_OFFSET.

    Morocco starts each month on a sighting of the crescent, so its date can run a day behind the
    computed calendar; the newsroom sets the offset after the Ministry of Habous announces a month.
    """
    offset = int(getattr(settings, "HIJRI_DAY_OFFSET", 0) or 0)
    return max(-2, min(2, offset))


def hijri_date(moment):
    """«6 رجب 1444 هـ» for the local day of `moment`, or "" outside the supported calendar range."""
    day = local(moment).date() + timedelta(days=hijri_offset())
    try:
        hijri = Gregorian(day.year, day.month, day.day).to_hijri()
    except (OverflowError, ValueError):
        return ""
    return f"{hijri.day} {hijri.month_name('ar')} {hijri.year} {hijri.notation('ar')}"
