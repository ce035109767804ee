#!/usr/bin/python3
"""Reads and writes HL7 v2 messages with python-hl7, as an independent judge of RadAssist.Hl7.

Input on stdin, JSON: {"read": ["MSH|...", ...], "acknowledge": ["MSH|...", ...],
                       "assign": [{"message": "MSH|...", "value": "...", "segment": "OBX", "field": 5}, ...]}
Output on stdout, JSON:
  "read":    for each message, every leaf value python-hl7 reads, unescaped, keyed SEG(n)-F(r).C.S.
  "written": for each message python-hl7 writes (an AE acknowledgment of every "acknowledge" message, and every
             "assign" message with the escaped value assigned), the message text and its leaf values.
"""
import json
import sys

import hl7


def leaves(message):
    values = {}
    occurrences = {}
    for segment in message:
        name = str(segment[0])
        occurrences[name] = occurrences.get(name, 0) + 1
        for field_number in range(1, len(segment)):
            field = segment[field_number]
            repetitions = [field] if isinstance(field, str) else list(field)
            for r, repetition in enumerate(repetitions, 1):
                components = [repetition] if isinstance(repetition, str) else list(repetition)
                for c, component in enumerate(components, 1):
                    subcomponents = [component] if isinstance(component, str) else list(component)
                    for s, subcomponent in enumerate(subcomponents, 1):
                        text = str(subcomponent)
                        literal = name == "MSH" and field_number in (1, 2)
                        key = "%s(%d)-%d(%d).%d.%d" % (name, occurrences[name], field_number, r, c, s)
                        values[key] = text if literal else message.unescape(text)
    return values


def main():
    request = json.load(sys.stdin)
    read = [leaves(hl7.parse(text)) for text in request.get("read", [])]
    written = []
    for text in request.get("acknowledge", []):
        ack = hl7.parse(text).create_ack(ack_code="AE", message_id="PYACK0001")
        written.append(str(ack))
    for item in request.get("assign", []):
        message = hl7.parse(item["message"])
        message.assign_field(message.escape(item["value"]), item["segment"], 1, item["field"])
        written.append(str(message))
    output = {
        "read": read,
        "written": [{"message": text, "values": leaves(hl7.parse(text))} for text in written],
    }
    json.dump(output, sys.stdout)


if __name__ == "__main__":
    main()
