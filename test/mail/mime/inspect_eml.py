"""Reads .eml files with Python's email package under the strict policy and prints what a
recipient's software would see, as JSON. Any defect (bad folding, bad encoded-word, bad
parameter, bad base64 ...) raises, so the test fails on what a lenient parser forgives.

Usage: python3 inspect_eml.py FILE...   ->   JSON list, one object per file.
"""
import base64
import email
import email.policy
import json
import sys
from email.headerregistry import AddressHeader, HeaderRegistry

# RFC 8098's Disposition-Notification-To is an address list; Python's registry does not know
# it, so it is registered to get the same strict address parsing as From and To.
REGISTRY = HeaderRegistry()
REGISTRY.map_to_type("disposition-notification-to", AddressHeader)
POLICY = email.policy.strict.clone(header_factory=REGISTRY)

ADDRESS_HEADERS = ("from", "sender", "to", "cc", "bcc", "reply-to", "disposition-notification-to")


def addresses(header):
    return [[a.display_name, a.addr_spec] for a in header.addresses]


def part_info(part):
    info = {
        "contentType": part.get_content_type(),
        "params": {k: v for k, v in part["content-type"].params.items()} if part["content-type"] else {},
        "disposition": part.get_content_disposition(),
        "filename": part.get_filename(),
        "contentId": str(part["content-id"]) if part["content-id"] else None,
        "transferEncoding": part.get("content-transfer-encoding", "").strip().lower() or None,
        # Parsing defects raise under the strict policy; header-value defects (a bad
        # encoded-word, a bad msg-id ...) are only recorded on the header, so list them.
        "defects": [type(d).__name__ for d in part.defects]
        + ["%s: %s" % (name, type(d).__name__) for name, value in part.items() for d in value.defects],
    }
    if part.get_content_type() == "message/rfc822":
        inner = part.get_content()
        info["innerSubject"] = str(inner["subject"])
    elif part.is_multipart():
        info["children"] = [part_info(p) for p in part.iter_parts()]
    else:
        payload = part.get_payload(decode=True)
        info["base64"] = base64.b64encode(payload).decode("ascii")
        if part.get_content_maintype() == "text":
            info["text"] = part.get_content()
    return info


def inspect(path):
    with open(path, "rb") as f:
        raw = f.read()
    msg = email.message_from_bytes(raw, policy=POLICY)
    headers = []
    for name, value in msg.items():
        # str() of a registry header is its decoded value; parsing defects raise here.
        headers.append([name, str(value)])
    result = {"headers": headers, "addresses": {}, "defects": [type(d).__name__ for d in msg.defects]}
    for name in ADDRESS_HEADERS:
        if msg[name] is not None:
            result["addresses"][name] = addresses(msg[name])
    result["subject"] = str(msg["subject"]) if msg["subject"] is not None else None
    result["body"] = part_info(msg)
    return result


if __name__ == "__main__":
    print(json.dumps([inspect(p) for p in sys.argv[1:]], ensure_ascii=False))
