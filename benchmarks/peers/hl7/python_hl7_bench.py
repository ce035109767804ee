#!/usr/bin/python3
"""Parses the benchmark ORU^R01 with python-hl7 and measures its asyncio MLLP round trips on 127.0.0.1.

Reads the same values as RadAssist's ParseAndReadValues benchmark, unescaped. Prints one line per figure.
"""
import asyncio
import logging
import os
import time

import hl7
from hl7.mllp import open_hl7_connection, start_hl7_server

HERE = os.path.dirname(os.path.abspath(__file__))
PARSES = 20000
ROUND_TRIPS = 2000


def parse_and_read(text):
    message = hl7.parse(text)
    total = len(str(message.extract_field("MSH", 1, 9))) + len(str(message.extract_field("MSH", 1, 10)))
    total += len(str(message.extract_field("MSH", 1, 12)))
    total += len(str(message.extract_field("PID", 1, 3, 1, 1))) + len(str(message.extract_field("PID", 1, 5, 1, 1)))
    total += len(str(message.extract_field("PID", 1, 7)))
    total += len(str(message.extract_field("OBR", 1, 3, 1, 1))) + len(str(message.extract_field("OBR", 1, 4, 1, 2)))
    total += len(str(message.extract_field("OBR", 1, 25))) + len(message.unescape(str(message.extract_field("OBR", 1, 31))))
    for occurrence in range(1, 7):
        total += len(message.unescape(str(message.extract_field("OBX", occurrence, 5))))
    return total


async def round_trips(order_text):
    async def handle(reader, writer):
        try:
            while not writer.is_closing():
                message = await reader.readmessage()
                writer.writemessage(message.create_ack())
                await writer.drain()
        except asyncio.IncompleteReadError:
            writer.close()

    server = await start_hl7_server(handle, host="127.0.0.1", port=0)
    port = server.sockets[0].getsockname()[1]
    reader, writer = await open_hl7_connection("127.0.0.1", port)
    order = hl7.parse(order_text)
    start = time.perf_counter()
    for _ in range(ROUND_TRIPS):
        writer.writemessage(order)
        await writer.drain()
        await reader.readmessage()
    elapsed = time.perf_counter() - start
    writer.close()
    server.close()
    await server.wait_closed()
    return ROUND_TRIPS / elapsed


def main():
    # python-hl7 0.4.5 logs a warning for every value it cannot unescape, such as the "\\E\\pacs\\E\\" path in
    # OBX-5. Logging is switched off so that the figure measures parsing, not logging.
    logging.disable(logging.CRITICAL)
    with open(os.path.join(HERE, "oru-r01-1500.hl7"), "rb") as handle:
        text = handle.read().decode("utf-8")
    for _ in range(500):
        parse_and_read(text)
    start = time.perf_counter()
    for _ in range(PARSES):
        parse_and_read(text)
    elapsed = time.perf_counter() - start
    print("python-hl7 %s: %.0f parses per second with values read and unescaped (%d bytes, %d parses)"
          % (hl7.__version__, PARSES / elapsed, len(text.encode("utf-8")), PARSES))

    order = ("MSH|^~\\&|RIS|RADIOLOGY|RADASSIST|HOSP|20261204101500||ORM^O01|B000001|P|2.3.1\r"
             "PID|1||MRN0000001^^^HOSP^MR||FAKEPATIENT^BENCH||19700101|F\r"
             "ORC|NW|ORD000001|||SC\r"
             "OBR|1|ORD000001||71250^CT CHEST WO CONTRAST^CPT|||20261204093000|||||||||||ACC000001||||||CT\r")
    rate = asyncio.run(round_trips(order))
    print("python-hl7 %s asyncio MLLP: %.0f acknowledged round trips per second, 1 connection" % (hl7.__version__, rate))


if __name__ == "__main__":
    main()
