#!/usr/bin/env python3
"""Parses received .eml files with Python's own email package (a parser no one here wrote) and prints one JSON
array: for each file its From, To, Subject (decoded), Message-ID, Date, content type, charset, transfer encoding and
body (decoded from its transfer encoding and charset), plus bodyUtf8Hex, the body's decoded bytes in hex."""
import email
import email.policy
import json
import sys


def read(path):
    with open(path, "rb") as f:
        message = email.message_from_binary_file(f, policy=email.policy.default)
    payload = message.get_payload(decode=True)
    return {
        "path": path,
        "from": str(message["From"]),
        "to": str(message["To"]),
        "subject": str(message["Subject"]),
        "messageId": str(message["Message-ID"]),
        "date": str(message["Date"]),
        "autoSubmitted": str(message["Auto-Submitted"]),
        "contentType": message.get_content_type(),
        "charset": message.get_content_charset(),
        "transferEncoding": str(message["Content-Transfer-Encoding"]),
        "body": payload.decode(message.get_content_charset() or "ascii"),
        "bodyUtf8Hex": payload.hex(),
    }


print(json.dumps([read(path) for path in sys.argv[1:]], ensure_ascii=True))
