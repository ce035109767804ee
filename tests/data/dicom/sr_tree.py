"""Print the content trees of SR files as pydicom reads them, one item per line, for comparison with RadAssist's reader.

Line format: depth|relationship|value type|concept code value^scheme|value
"""

import sys

import pydicom


def code_of(item):
    for keyword in ("CodeValue", "LongCodeValue", "URNCodeValue"):
        value = getattr(item, keyword, None)
        if value:
            return f"{value}^{item.get('CodingSchemeDesignator', '')}"
    return ""


def value_of(item):
    value_type = item.ValueType
    if value_type == "TEXT":
        return str(item.TextValue)
    if value_type == "CODE":
        return code_of(item.ConceptCodeSequence[0])
    if value_type == "NUM":
        measured = item.MeasuredValueSequence[0]
        return f"{measured.NumericValue}" \
               f" {code_of(measured.MeasurementUnitsCodeSequence[0])}"
    if value_type == "UIDREF":
        return str(item.UID)
    if value_type in ("IMAGE", "COMPOSITE"):
        return str(item.ReferencedSOPSequence[0].ReferencedSOPInstanceUID)
    if value_type == "PNAME":
        return str(item.PersonName)
    if value_type == "DATE":
        return str(item.Date)
    if value_type == "TIME":
        return str(item.Time)
    if value_type == "DATETIME":
        return str(item.DateTime)
    return ""


def walk(item, depth):
    concept = code_of(item.ConceptNameCodeSequence[0]) if "ConceptNameCodeSequence" in item else ""
    relationship = item.get("RelationshipType", "")
    print(f"{depth}|{relationship}|{item.ValueType}|{concept}|{value_of(item)}")
    for child in item.get("ContentSequence", []):
        walk(child, depth + 1)


def main():
    for path in sys.argv[1:]:
        print(f"== {path}")
        walk(pydicom.dcmread(path), 0)


if __name__ == "__main__":
    main()
