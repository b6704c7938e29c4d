"""A synthetic news corpus for benchmarks and scale tests: articles of news length and entity density,
generated from templates with varied names (no network, deterministic for a seed).

    for art in generate(2000): ...                 # Article records
    write_folder("/tmp/corpus", 200)               # plain-text files in the news layout
    wire_copy(art, rng)                            # the same wire story as another site runs it

Each article has a title, a date, a publisher and a URL, 10-24 paragraphs of 2-4 sentences (about
450-1,300 words, like agency copy), and a mix of sentences: meetings, roles, accusations, attacks,
attributed and hedged claims, and background sentences with few or no names.
"""
from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from pathlib import Path

from ..model import Article

FIRST = ("Ahmed Karim Hassan Ali Omar Yusuf Ibrahim Khalid Faisal Tariq Samir Nabil Walid Hadi Jamal Rami "
         "Ziad Mahmoud Salim Adel Bassam Qasim Haidar Abbas Mustafa Ammar Laith Firas Nouri Hamid Sami Anwar "
         "John Michael David Robert James Thomas Peter Daniel Mark Paul Andrew Richard Stephen George "
         "Maria Sarah Laura Anna Elena Sofia Fatima Layla Noor Rania Hana Mariam Zainab Amal").split()
SURNAME = ("Al-Saadi Al-Jaberi Haddad Mansour Khalil Nasser Al-Amiri Al-Tamimi Rahimi Karimi Hosseini "
           "Mousavi Al-Hashimi Al-Obeidi Darwish Saleh Farouk Qureshi Aziz Hamdan Al-Zubaidi Al-Maliki "
           "Barzani Talabani Jaber Abboud Yassin Al-Khatib Sabbagh Hakimi Shirazi Tehrani Bakri Fadlallah "
           "Nasrallah Qassem Miller Walker Harrison Bennett Collins Foster Hughes Morgan Turner Carter "
           "Sullivan Bishop Fletcher Novak Petrov Ivanova Kowalski Schneider Dubois Moreau Rossi Bianchi "
           "Lindqvist Okafor Mensah").split()
CITY = ("Baghdad Tehran Damascus Beirut Amman Cairo Riyadh Doha Sanaa Basra Mosul Erbil Kirkuk Aleppo "
        "Homs Tripoli Sidon Tyre Gaza Ramallah Jerusalem Ankara Istanbul Muscat Manama Kuwait Geneva Vienna "
        "Paris London Washington Moscow Brussels Berlin").split()
COUNTRY = ("Iraq Iran Syria Lebanon Jordan Egypt Yemen Qatar Turkey Oman Bahrain Kuwait Israel Russia "
           "France Germany Britain China").split()
ORG_HEAD = ("Popular Islamic National Revolutionary Democratic United Patriotic Arab Free Supreme "
            "Central").split()
ORG_NOUN = ("Movement Front Brigades Council Alliance Party Union Coalition Bloc Organisation Assembly "
            "Association Committee").split()
ORG_TAIL = ("Resistance Reform Liberation Unity Progress Justice Dignity Renewal Salvation Independence "
            "Reconstruction Solidarity").split()
MINISTRY = "Defence Interior Foreign Affairs Finance Oil Energy Health Justice Trade Transport".split()
TITLE = ("leader", "head", "secretary-general", "spokesman", "commander", "chairman", "deputy leader",
         "founder", "senior official", "chief negotiator")
GOV_TITLE = ("Prime Minister", "President", "Foreign Minister", "Defence Minister", "Interior Minister",
             "Speaker of Parliament")
OUTLET = ("Gulf Times Wire", "Levant Daily", "Tigris Press", "Crescent News Agency", "Meridian Post",
          "Eastern Ledger", "Harbour Herald", "Atlas Report", "Northern Courier", "Daily Bulletin")
WEEKDAY = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
MONTH = ("January February March April May June July August September October November December").split()
TOPIC = ("the reconstruction budget", "a prisoner exchange", "the border crossings", "electricity imports",
         "a ceasefire along the frontier", "the withdrawal of foreign troops", "the oil revenue dispute",
         "the upcoming provincial elections", "security along the highway", "water-sharing arrangements")
CRIME = ("smuggling weapons across the border", "attacking a convoy", "obstructing the talks",
         "kidnapping an aid worker", "diverting public funds", "shelling residential areas",
         "inciting violence")


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(SURNAME)}"


def _org(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.3:
        return f"Ministry of {rng.choice(MINISTRY)}"
    if r < 0.65:
        return f"{rng.choice(ORG_HEAD)} {rng.choice(ORG_NOUN)}"
    return f"{rng.choice(ORG_NOUN)} for {rng.choice(ORG_TAIL)}"


class _Story:
    """The cast of one article: a few people, organisations and places that recur."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.people = [_person(rng) for _ in range(rng.randint(4, 8))]
        self.orgs = list(dict.fromkeys(_org(rng) for _ in range(rng.randint(3, 6))))
        self.cities = rng.sample(CITY, 3)
        self.countries = rng.sample(COUNTRY, 3)
        self.outlet = rng.choice(OUTLET)
        self.introduced: set[str] = set()

    def who(self) -> str:
        p = self.rng.choice(self.people)
        if p in self.introduced and self.rng.random() < 0.6:
            return p.split()[-1]
        self.introduced.add(p)
        return p

    def sentence(self) -> str:
        rng, who, org = self.rng, self.who, lambda: rng.choice(self.orgs)
        city, country = rng.choice(self.cities), rng.choice(self.countries)
        day, topic = rng.choice(WEEKDAY), rng.choice(TOPIC)
        k = rng.randrange(16)
        if k == 0:
            return f"{who()}, the {rng.choice(TITLE)} of the {org()}, met {who()} in {city} on {day}."
        if k == 1:
            return (f"{country}'s {rng.choice(GOV_TITLE)} {who()} received a delegation from the {org()} "
                    f"to discuss {topic}.")
        if k == 2:
            return (f"The {org()} accused the {org()} of {rng.choice(CRIME)}, according to a statement "
                    f"issued in {city}.")
        if k == 3:
            return (f"Informed sources told {self.outlet} that {who()} had travelled to {city} "
                    f"for talks on {topic}.")
        if k == 4:
            return f"{who()} is said to have rejected the proposal, which was backed by {country}."
        if k == 5:
            return (f"\u201cWe will not accept any solution that ignores {topic},\u201d {who()}, "
                    f"a senior member of the {org()}, told reporters.")
        if k == 6:
            return (f"Gunmen attacked a checkpoint near {city} on {day}, "
                    f"killing {rng.randint(2, 14)} people, police said.")
        if k == 7:
            return (f"{who()} was appointed {rng.choice(TITLE)} of the {org()} in {rng.choice(MONTH)} "
                    f"{rng.randint(2015, 2023)}.")
        if k == 8:
            return (f"The {org()} called on {country} to release {who()}, who was detained in {city} "
                    "last week.")
        if k == 9:
            return (f"Officials in {country} reportedly threatened to impose sanctions on the {org()} "
                    f"over {topic}.")
        if k == 10:
            return f"{who()} and {who()} agreed to form a joint committee on {topic}, a spokesman said."
        if k == 11:
            return (f"Analysts say the dispute over {topic} has deepened divisions within the governing "
                    "coalition, which has struggled to pass a budget for several months.")
        if k == 12:
            return ("Prices of fuel and bread have risen sharply since the start of the year, and many "
                    "families say they can no longer afford basic goods.")
        if k == 13:
            return ("The talks, which lasted several hours, ended without a joint statement, "
                    "two diplomats said.")
        if k == 14:
            return f"{country} has long supported the {org()}, a former ally of the {org()}."
        return (f"Protesters gathered outside the offices of the {org()} in {city}, demanding the "
                f"resignation of {who()}.")

    def title(self) -> str:
        return (f"{self.people[0]} meets {self.orgs[0]} leaders in {self.cities[0]} "
                f"amid talks on {self.rng.choice(TOPIC)}")


def article(rng: random.Random, n: int) -> Article:
    st = _Story(rng)
    paras = []
    for _ in range(rng.randint(10, 24)):
        paras.append(" ".join(st.sentence() for _ in range(rng.randint(2, 4))))
    date = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(330))
    slug = f"{n:06d}-{rng.getrandbits(32):08x}"
    return Article(text="\n\n".join(paras), title=st.title(), published=date, publisher=st.outlet,
                   url=f"https://{st.outlet.lower().replace(' ', '')}.example/news/{slug}", origin=f"gen:{n}")


def generate(n: int, seed: int = 7, *, start: int = 0) -> Iterator[Article]:
    """n articles, deterministic for a seed; nothing is held in memory between them."""
    for i in range(start, start + n):
        yield article(random.Random(seed * 1_000_003 + i), i)


def wire_copy(art: Article, rng: random.Random, publisher: str | None = None) -> Article:
    """The same wire story as another site runs it: another outlet and URL, a rewritten headline,
    a dropped or added line, a changed word here and there."""
    paras = art.text.split("\n\n")
    if len(paras) > 4:
        del paras[rng.randrange(1, len(paras))]
    paras.append(f"({publisher or 'Agencies'} contributed to this report.)")
    text = "\n\n".join(paras).replace(" said.", " said on Sunday.", 1)
    pub = publisher or rng.choice([o for o in OUTLET if o != art.publisher])
    return Article(text=text, title=(art.title or "") + " - report", published=art.published, publisher=pub,
                   url=f"https://{pub.lower().replace(' ', '')}.example/wire/{rng.getrandbits(40):010x}")


def to_news_text(art: Article) -> str:
    """An article in the plain-text news layout the text reader understands."""
    date = (f"{MONTH[art.published.month - 1][:3]}. {art.published.day}, {art.published.year}"
            if art.published else "")
    return f"{art.title}\n\n{date}\n\n{art.text}\n\nContent retrieved from: {art.url}.\n"


def write_folder(path: str | Path, n: int, seed: int = 7) -> list[Path]:
    out = Path(path)
    out.mkdir(parents=True, exist_ok=True)
    files = []
    for i, art in enumerate(generate(n, seed)):
        f = out / f"{i:06d}.txt"
        f.write_text(to_news_text(art), encoding="utf-8")
        files.append(f)
    return files
