#!/usr/bin/python3
"""mail_strict.py FILE: parses a message as python's e-mail package does in
strict mode (every defect raises) and prints what a mail program would show,
one "name: value" line each: from-name, from-address, to, subject, and for
each part its content type and, for text/calendar, the METHOD of the
calendar and of the part, and for each VEVENT its UID, SEQUENCE, STATUS and
ORGANIZER, read by python3-icalendar. Exits 1 with the reason on a defect.

The three X- lines the test sink (smtp_sink.py) puts first are kept apart.
"""
import email
import email.policy
import sys


def main():
    raw = open(sys.argv[1], "rb").read()
    # The sink's envelope lines are not the message's.
    while raw.startswith(b"X-Helo:") or raw.startswith(b"X-MailFrom:") \
            or raw.startswith(b"X-RcptTo:"):
        line, raw = raw.split(b"\r\n", 1)
        print("sink-" + line.decode("ascii"))
    for b in raw:
        if b >= 0x80:
            raise SystemExit("an 8-bit byte in the message")
    for line in raw.split(b"\r\n"):
        if len(line) > 998:
            raise SystemExit("a line longer than 998 characters")
    policy = email.policy.strict
    msg = email.message_from_bytes(raw, policy=policy)
    if msg.defects:
        raise SystemExit("defects: %r" % msg.defects)
    # Header defects are kept on the header, not raised: look at each.
    for key in msg.keys():
        h = msg[key]
        if getattr(h, "defects", None):
            raise SystemExit("%s: %r" % (key, h.defects))
    frm = msg["From"]
    if len(frm.addresses) != 1:
        raise SystemExit("From holds %d addresses" % len(frm.addresses))
    print("from-name: " + frm.addresses[0].display_name)
    print("from-address: " + frm.addresses[0].addr_spec)
    print("to: " + str(msg["To"]))
    print("subject: " + str(msg["Subject"]))
    print("message-id: " + str(msg["Message-ID"]))
    for part in msg.walk():
        if part.defects:
            raise SystemExit("part defects: %r" % part.defects)
        for key in part.keys():
            if getattr(part[key], "defects", None):
                raise SystemExit("%s: %r" % (key, part[key].defects))
        if part.is_multipart():
            continue
        print("part: " + part.get_content_type())
        content = part.get_content()
        if part.get_content_type() != "text/calendar":
            print("text: " + content.replace("\n", "\\n"))
            continue
        print("part-method: " + str(part.get_param("method")))
        import icalendar
        cal = icalendar.Calendar.from_ical(content)
        print("method: " + str(cal.get("METHOD")))
        for ev in cal.walk("VEVENT"):
            print("uid: " + str(ev.get("UID")))
            print("sequence: " + str(ev.get("SEQUENCE")))
            print("status: " + str(ev.get("STATUS")))
            print("organizer: " + str(ev.get("ORGANIZER")))
            print("attendee: " + str(ev.get("ATTENDEE")))
            print("dtstart: " + ev.decoded("DTSTART").isoformat())


if __name__ == "__main__":
    try:
        main()
    except SystemExit:
        raise
    except Exception as e:  # a defect raised by the strict policy
        raise SystemExit("%s: %s" % (type(e).__name__, e))
