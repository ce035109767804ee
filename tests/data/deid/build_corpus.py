#!/usr/bin/env python3
"""Build the de-identification corpus: real report texts with synthetic identifiers seeded into them.

Reads tests/data/reports/*.csv (never changes them) and writes seeded_reports.jsonl beside this script. Each line
holds the source file and report id, the seeded text, the identifiers the host would know for the study (patient
name, MRN, accession number, Study Instance UID), and every seeded value with its kind. Every identifier is
synthetic: names are drawn from invented lists, phone numbers use the fictional 555-01xx range, e-mail domains are
reserved example domains (RFC 2606) and UIDs use the 2.25 root with random digits.

Run: python3 tests/data/deid/build_corpus.py   (the output is deterministic for a given seed)
"""

import csv
import datetime
import json
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
REPORTS = os.path.join(HERE, "..", "reports")
SEED = 20261204
# The international records draw from a generator of their own, so the first 60 records stay as they were.
INTERNATIONAL_SEED = 20261205
INTERNATIONAL_RECORDS = 20

GIVEN = ["Marisol", "Oskar", "Ingrid", "Tobias", "Yara", "Desmond", "Lucinda", "Anselm", "Brigitte", "Cormac",
         "Delphine", "Evander", "Fenella", "Gideon", "Hester", "Ignatius", "Jolanda", "Kasimir", "Leontine", "Maximilian"]
FAMILY = ["Quintero", "Lindqvist", "Haverbeke", "Okonkwo", "Vasquez-Ruiz", "Brannigan", "Ellingsworth", "Tarkovsky",
          "Pemberton", "Szymanski", "Achterberg", "Ravensworth", "Delacroix", "Fairweather", "Gallagher", "Holmqvist"]
STREETS = ["Juniper", "Larkspur", "Willow Bend", "Harbor View", "Old Mill", "Chestnut", "Briarwood", "Elm Hollow"]
STREET_TYPES = ["Street", "Avenue", "Road", "Lane", "Drive", "Court", "Boulevard"]
CITIES = [("Springfield", "IL", "62704"), ("Riverton", "WY", "82501"), ("Fairview", "OR", "97024"),
          ("Lakeside", "CA", "92040"), ("Milford", "CT", "06460")]
DOMAINS = ["example.org", "example.com", "example.net"]
# Names with letters outside ASCII, written precomposed (NFC).
INTL_GIVEN = ["José", "Zoë", "Søren", "Anaïs", "Łucja", "Jürgen", "Björn", "Chloé", "Małgorzata", "Đorđe", "Renée",
              "Íñigo"]
INTL_FAMILY = ["Müller", "O'Brien-Łukasz", "Ødegård", "Núñez", "Żółkowska", "Dvořák", "Fernández-Villaça",
               "Åkesson", "Groß", "Šimić", "D'Angelo", "Kovačević"]
INTL_PHONES = [
    lambda rng: f"+44 20 7946 0{rng.randrange(100, 1000)}",
    lambda rng: f"+49 (0)30 {rng.randrange(100000, 1000000)}",
    lambda rng: f"0044 20 7946 0{rng.randrange(100, 1000)}",
    lambda rng: f"+33 1 99 00 {rng.randrange(10, 100)} {rng.randrange(10, 100)}",
    lambda rng: f"+61 3 5550 {rng.randrange(1000, 10000)}",
]
AGE_WORDS = ["ninety", "ninety-one", "ninety-two", "ninety-three", "ninety-four", "ninety-five", "ninety-six",
             "ninety-seven", "ninety-eight", "ninety-nine", "one hundred", "one hundred and one"]
ORDINAL = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd", 31: "st"}
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


def random_date(rng, start_year=2015, end_year=2025):
    start = datetime.date(start_year, 1, 1)
    return start + datetime.timedelta(days=rng.randrange((datetime.date(end_year, 12, 31) - start).days))


def format_date(rng, date):
    style = rng.randrange(4)
    if style == 0:
        return date.isoformat()
    if style == 1:
        return f"{date.month:02d}/{date.day:02d}/{date.year}"
    if style == 2:
        return f"{MONTHS[date.month - 1]} {date.day}, {date.year}"
    return f"{date.day} {MONTHS[date.month - 1][:3]} {date.year}"


def phone(rng):
    number = f"555-01{rng.randrange(100):02d}"
    area = rng.choice(["312", "617", "503", "212"])
    style = rng.randrange(3)
    if style == 0:
        return f"({area}) {number}"
    if style == 1:
        return f"{area}-{number}"
    return f"{area}.{number.replace('-', '.')}"


def identifiers(rng):
    given, family = rng.choice(GIVEN), rng.choice(FAMILY)
    city, state, zip_code = rng.choice(CITIES)
    doctor = rng.choice([f for f in FAMILY if f != family])
    return {
        "given": given,
        "family": family,
        "mrn": f"{rng.randrange(10**7, 10**8)}",
        "accession": f"ACC{rng.randrange(10**6, 10**7)}",
        "uid": "2.25." + str(rng.randrange(10**37, 10**38)),
        "doctor": doctor,
        "phone": phone(rng),
        "email": f"{given.lower()}.{family.lower()}@{rng.choice(DOMAINS)}",
        "address": f"{rng.randrange(10, 9999)} {rng.choice(STREETS)} {rng.choice(STREET_TYPES)}, {city}, {state} {zip_code}",
        "age": str(rng.randrange(90, 104)),
        "exam_date": format_date(rng, random_date(rng)),
        "birth_date": format_date(rng, random_date(rng, 1920, 1934)),
        "ssn": f"{rng.randrange(100, 900)}-{rng.randrange(10, 99)}-{rng.randrange(1000, 9999)}",
    }


def seed_text(rng, body, ids):
    """Returns the seeded text and the list of (kind, value) seeded into it."""
    seeded = []

    def use(kind, value):
        seeded.append({"kind": kind, "value": value})
        return value

    header = rng.choice([
        lambda: f"Patient: {use('name', ids['given'] + ' ' + ids['family'])}   MRN: {use('mrn', ids['mrn'])}",
        lambda: f"Name: {use('name', ids['family'] + ', ' + ids['given'])}  Medical Record Number: {use('mrn', ids['mrn'])}",
        lambda: f"{use('name', ids['family'].upper() + '^' + ids['given'].upper())}  MR# {use('mrn', ids['mrn'])}",
    ])()
    lines = [header,
             f"DOB: {use('date', ids['birth_date'])}  Accession: {use('accession', ids['accession'])}",
             f"Exam date: {use('date', ids['exam_date'])}  Study UID: {use('uid', ids['uid'])}"]

    if "XXXX-year-old" in body:
        body = body.replace("XXXX-year-old", use("age", ids["age"]) + "-year-old", 1)
    else:
        lines.append(f"Clinical history: {use('age', ids['age'])}-year-old patient, follow-up.")

    lines.append(body)
    tail = [
        lambda: f"Findings were discussed with Dr. {use('name', ids['doctor'])} by telephone at {use('phone', ids['phone'])}.",
        lambda: f"Copy of the report sent to {use('email', ids['email'])}.",
        lambda: f"Patient address on file: {use('address', ids['address'])}.",
        lambda: f"Insurance ID {use('ssn', ids['ssn'])} verified.",
        lambda: f"Mr. {use('name', ids['family'])} tolerated the procedure well.",
    ]
    rng.shuffle(tail)
    lines.extend(line() for line in tail[: rng.randrange(3, len(tail) + 1)])
    lines.append(f"Electronically signed by: {use('name', ids['doctor'])} on {use('date', format_date(rng, random_date(rng)))}")
    return "\n".join(lines), seeded


def format_international_date(rng, date):
    """Return a date as written outside the US: day first with slashes or dots, or with an ordinal day."""
    style = rng.randrange(4)
    if style == 0:
        return f"{date.day:02d}/{date.month:02d}/{date.year}"
    if style == 1:
        return f"{date.day:02d}.{date.month:02d}.{date.year}"
    if style == 2:
        return f"{date.day}{ORDINAL.get(date.day, 'th')} {MONTHS[date.month - 1]} {date.year}"
    return f"{MONTHS[date.month - 1]} {date.day}, {date.year}"


def international_identifiers(rng):
    given, family = rng.choice(INTL_GIVEN), rng.choice(INTL_FAMILY)
    return {
        "given": given,
        "family": family,
        "mrn": f"{rng.randrange(10**7, 10**8)}",
        "accession": f"ACC{rng.randrange(10**6, 10**7)}",
        "uid": "2.25." + str(rng.randrange(10**37, 10**38)),
        "doctor_given": rng.choice([g for g in INTL_GIVEN if g != given]),
        "doctor": rng.choice([f for f in INTL_FAMILY if f != family]),
        "phone": rng.choice(INTL_PHONES)(rng),
        "age": rng.choice(AGE_WORDS),
        "exam_date": format_international_date(rng, random_date(rng)),
        "birth_date": format_international_date(rng, random_date(rng, 1920, 1934)),
    }


def seed_international_text(rng, body, ids):
    """Return a report seeded with non-ASCII names, international phone numbers, ages in words and day-first dates."""
    seeded = []

    def use(kind, value):
        seeded.append({"kind": kind, "value": value})
        return value

    title = rng.choice(["Mrs.", "Mr.", "Ms."])
    age = ids["age"]
    age_phrase = rng.choice([f"{age}-year-old", f"{age} years old"]) if " " not in age else f"{age} years old"
    lines = [
        f"Patient: {use('name', ids['given'] + ' ' + ids['family'])}   MRN: {use('mrn', ids['mrn'])}",
        f"DOB: {use('date', ids['birth_date'])}  Accession: {use('accession', ids['accession'])}",
        f"Exam date: {use('date', ids['exam_date'])}  Study UID: {use('uid', ids['uid'])}",
        f"Clinical history: {use('age', age)}{age_phrase[len(age):]} patient, follow-up.",
        body,
        f"Findings were discussed with Dr. {use('name', ids['doctor_given'] + ' ' + ids['doctor'])} by telephone at "
        f"{use('phone', ids['phone'])}.",
        f"{title} {use('name', ids['family'])} tolerated the procedure well.",
        f"Electronically signed by: {use('name', ids['doctor'])} on "
        f"{use('date', format_international_date(rng, random_date(rng)))}",
    ]
    return "\n".join(lines), seeded


def main():
    rng = random.Random(SEED)
    records = []
    with open(os.path.join(REPORTS, "openi_iu_cxr_reports.csv"), newline="", encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle) if row["findings"] or row["impression"]]
    for row in rng.sample(rows, 40):
        body = "\n".join(part for part in [
            "INDICATION: " + row["indication"] if row["indication"] else "",
            "COMPARISON: " + row["comparison"] if row["comparison"] else "",
            "FINDINGS: " + row["findings"] if row["findings"] else "",
            "IMPRESSION: " + row["impression"] if row["impression"] else "",
        ] if part)
        records.append(("openi_iu_cxr_reports.csv", row["uid"], body))

    with open(os.path.join(REPORTS, "mtsamples_radiology.csv"), newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rng.sample(rows, 20):
        records.append(("mtsamples_radiology.csv", row["note_id"], row["transcription"]))

    international = random.Random(INTERNATIONAL_SEED)
    used = {report_id for _, report_id, _ in records}
    with open(os.path.join(REPORTS, "openi_iu_cxr_reports.csv"), newline="", encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle) if (row["findings"] or row["impression"]) and row["uid"] not in used]
    international_records = []
    for row in international.sample(rows, INTERNATIONAL_RECORDS):
        body = "\n".join(part for part in [
            "INDICATION: " + row["indication"] if row["indication"] else "",
            "FINDINGS: " + row["findings"] if row["findings"] else "",
            "IMPRESSION: " + row["impression"] if row["impression"] else "",
        ] if part)
        international_records.append(("openi_iu_cxr_reports.csv", row["uid"], body))

    with open(os.path.join(HERE, "seeded_reports.jsonl"), "w", encoding="utf-8", newline="\n") as out:
        seeded_records = []
        for source, report_id, body in records:
            ids = identifiers(rng)
            text, seeded = seed_text(rng, body, ids)
            seeded_records.append((source, report_id, ids, text, seeded))
        for source, report_id, body in international_records:
            ids = international_identifiers(international)
            text, seeded = seed_international_text(international, body, ids)
            seeded_records.append((source, report_id, ids, text, seeded))

        for source, report_id, ids, text, seeded in seeded_records:
            out.write(json.dumps({
                "source": source,
                "report_id": report_id,
                "patient_name": ids["family"].upper() + "^" + ids["given"].upper(),
                "patient_id": ids["mrn"],
                "accession_number": ids["accession"],
                "study_instance_uid": ids["uid"],
                "text": text,
                "seeded": seeded,
            }, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
