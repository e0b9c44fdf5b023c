"""smtp_sink.py: an aiosmtpd handler for the mail tests that keeps each message
byte for byte (no re-serialising) in a maildir, after three header lines
recording the envelope and the EHLO/HELO name the client greeted with.

    PYTHONPATH=tests/tools python3 -m aiosmtpd -n -l 127.0.0.1:PORT \
        -c smtp_sink.RawMaildir MAILDIR
"""
import os
import time


class RawMaildir:
    def __init__(self, path):
        self.path = path
        self.count = 0
        for sub in ("tmp", "new", "cur"):
            os.makedirs(os.path.join(path, sub), exist_ok=True)

    @classmethod
    def from_cli(cls, parser, *args):
        if len(args) != 1:
            parser.error("RawMaildir takes the maildir path")
        return cls(args[0])

    async def handle_DATA(self, server, session, envelope):
        data = envelope.original_content or envelope.content
        if isinstance(data, str):
            data = data.encode("utf-8", "surrogateescape")
        head = ("X-Helo: %s\r\nX-MailFrom: %s\r\nX-RcptTo: %s\r\n" % (
            session.host_name, envelope.mail_from,
            ", ".join(envelope.rcpt_tos))).encode("ascii", "replace")
        self.count += 1
        name = "%d.%d_%d.sink" % (time.time_ns(), os.getpid(), self.count)
        tmp = os.path.join(self.path, "tmp", name)
        with open(tmp, "wb") as f:
            f.write(head + data)
        os.rename(tmp, os.path.join(self.path, "new", name))
        return "250 OK"
