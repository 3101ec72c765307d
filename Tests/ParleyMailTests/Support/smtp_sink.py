"""A real SMTP server for parley's mail tests (aiosmtpd), on 127.0.0.1 and a free port.

Every message it accepts is written to FOLDER as N.eml (the bytes as received) and N.json:
the envelope, every header field as sent and as Python's email package decodes it (RFC 2047),
and each MIME part decoded (quoted-printable or base64, then its charset), so the tests check
parley's messages against an independent parser. N.json is renamed into place last.

Recipients listed in --refuse get 550 (permanent); in --defer, 451 (temporary).
Prints "PORT <n>" on its first line of output once it listens; stops on SIGTERM.
"""
import argparse
import asyncio
import email
import email.header
import email.policy
import email.utils
import json
import os
import signal

from aiosmtpd.smtp import SMTP


class Sink:
    def __init__(self, folder, refuse, defer):
        self.folder = folder
        self.refuse = {a.lower() for a in refuse}
        self.defer = {a.lower() for a in defer}
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.refuse:
            return "550 5.1.1 No such mailbox here"
        if address.lower() in self.defer:
            return "451 4.3.0 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        number = self.count
        raw = envelope.original_content or envelope.content
        if isinstance(raw, str):
            raw = raw.encode("utf-8", "surrogateescape")
        with open(os.path.join(self.folder, f"{number}.eml"), "wb") as f:
            f.write(raw)
        record = describe(raw)
        record["mail_from"] = envelope.mail_from
        record["rcpt_tos"] = envelope.rcpt_tos
        path = os.path.join(self.folder, f"{number}.json")
        with open(path + ".tmp", "w", encoding="utf-8") as f:
            json.dump(record, f, ensure_ascii=False)
        os.rename(path + ".tmp", path)
        return "250 2.0.0 Accepted"


def decoded(value):
    return str(email.header.make_header(email.header.decode_header(value)))


def describe(raw):
    lines = raw.split(b"\r\n")
    message = email.message_from_bytes(raw, policy=email.policy.compat32)
    modern = email.message_from_bytes(raw, policy=email.policy.default)
    record = {
        "headers": [[name, value] for name, value in message.items()],
        "decoded": {name: decoded(value) for name, value in message.items()},
        "defects": [type(d).__name__ for d in modern.defects],
        "longest_line": max((len(line) for line in lines), default=0),
        "bare_lf": b"\n" in raw.replace(b"\r\n", b""),
        "content_type": message.get_content_type(),
        "parts": [],
    }
    for name in ("From", "To"):
        if message[name] is not None:
            record[name.lower()] = [list(pair) for pair in email.utils.getaddresses([decoded(message[name])])]
    for part in message.walk():
        if part.is_multipart():
            continue
        payload = part.get_payload(decode=True) or b""
        charset = part.get_content_charset() or "us-ascii"
        record["parts"].append({
            "content_type": part.get_content_type(),
            "charset": charset,
            "transfer_encoding": part.get("Content-Transfer-Encoding"),
            "text": payload.decode(charset),
            "defects": [type(d).__name__ for d in part.defects],
        })
    return record


async def main():
    # A child of a Swift test inherits the signal mask of the thread that started it, and
    # libdispatch's threads block SIGTERM: unblock it, or the sink would never stop.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    parser = argparse.ArgumentParser()
    parser.add_argument("--folder", required=True)
    parser.add_argument("--refuse", action="append", default=[])
    parser.add_argument("--defer", action="append", default=[])
    options = parser.parse_args()
    sink = Sink(options.folder, options.refuse, options.defer)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: SMTP(sink, decode_data=False, enable_SMTPUTF8=False, hostname="sink.test"), "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    print(f"PORT {port}", flush=True)
    stop = asyncio.Event()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    loop.add_signal_handler(signal.SIGINT, stop.set)
    await stop.wait()
    server.close()


if __name__ == "__main__":
    asyncio.run(main())
