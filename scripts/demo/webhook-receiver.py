#!/usr/bin/env python3
"""The demo's webhook receiver (scripts/run starts it): python3 webhook-receiver.py PORT SECRET_FILE

Checks each message's Standard Webhooks signature with the secret in SECRET_FILE (whsec_...),
answers 204 (401 when the signature is wrong) and prints one line per message:
time, webhook-id, type, whether the signature is good, and the comment or author it is about.
"""
import base64
import hashlib
import hmac
import json
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT = int(sys.argv[1])
with open(sys.argv[2]) as file:
    KEY = base64.b64decode(file.read().strip()[len("whsec_"):])


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("content-length", "0")))
        mid = self.headers.get("webhook-id", "")
        signed = f"{mid}.{self.headers.get('webhook-timestamp', '')}.".encode() + body
        expected = "v1," + base64.b64encode(hmac.new(KEY, signed, hashlib.sha256).digest()).decode()
        good = expected in self.headers.get("webhook-signature", "").split(" ")
        try:
            message = json.loads(body)
            data = message.get("data") or {}
            about = data.get("comment") or data.get("author") or {}
            what = f'{message.get("type")} {json.dumps(about.get("body") or about.get("name") or data.get("version") or "", ensure_ascii=False)[:80]}'
        except ValueError:
            what = "(not JSON)"
        print(f'{time.strftime("%H:%M:%S")} {mid} {what} signature {"ok" if good else "BAD"}', flush=True)
        self.send_response(204 if good else 401)
        self.end_headers()

    def log_message(self, *args):
        pass


ThreadingHTTPServer(("127.0.0.1", PORT), Handler).serve_forever()
