#!/usr/bin/env python3
"""A real SMTP server for the e-mail notice tests (Debian's python3-aiosmtpd), on 127.0.0.1 only.

Three listeners with one handler: STARTTLS required (AUTH LOGIN/PLAIN offered only after STARTTLS), implicit TLS,
and plain (no STARTTLS, no AUTH). The server's certificate (CN and SAN localhost, 127.0.0.1) is issued by a test CA,
both made for this run with the openssl CLI; a test trusts either one explicitly.
Each message received is saved as <n>.eml (the bytes as received) and <n>.json (envelope, who authenticated, whether
over TLS, and which connection carried it); each AUTH attempt is one line of auth.jsonl (user, success, TLS: never
the password). Some recipient local parts ask for a behaviour:
  refused...    550 5.1.1 at RCPT
  greylist...   451 4.7.1 at the first RCPT of that address, accepted after
  dropafter...  the message is accepted, then the server closes the connection

Usage: smtp_server.py --directory DIR [--user USER] (password in SMTP_TEST_PASSWORD) [--auth-required]
When ready it prints one JSON line: {"port", "tlsPort", "plainPort", "certificate", "caCertificate",
"mailDirectory"}; it stops on
stdin closing or SIGTERM.
"""
import argparse
import asyncio
import itertools
import json
import os
import signal
import socket
import ssl
import subprocess
import sys
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def openssl(*args):
    subprocess.run(["openssl", *args], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def make_certificates(directory):
    """A test CA and the server's certificate (localhost, 127.0.0.1) issued by it, both new for this run."""
    ca_cert, ca_key = os.path.join(directory, "ca.crt"), os.path.join(directory, "ca.key")
    cert, key, csr = (os.path.join(directory, name) for name in ("server.crt", "server.key", "server.csr"))
    san = os.path.join(directory, "server.ext")
    with open(san, "w", encoding="ascii") as f:
        f.write("subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n")
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", ca_key, "-out", ca_cert, "-days", "2",
            "-subj", "/CN=IamKeyHygiene test CA")
    openssl("req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", csr, "-subj", "/CN=localhost")
    openssl("x509", "-req", "-in", csr, "-CA", ca_cert, "-CAkey", ca_key, "-CAcreateserial", "-out", cert,
            "-days", "2", "-extfile", san)
    return cert, key, ca_cert


def over_tls(server, session):
    # After STARTTLS the server's transport is the TLS one; on the implicit-TLS listener it always was.
    return server.transport is not None and server.transport.get_extra_info("sslcontext") is not None


class Recorder:
    """The handler: refuses or delays recipients on request and saves what it accepts."""

    def __init__(self, mail_directory, user, password):
        self.mail_directory = mail_directory
        self.user = user
        self.password = password
        self.numbers = itertools.count(1)
        self.connections = itertools.count(1)
        self.greylisted = set()
        self.lock = threading.Lock()

    def connection(self, session):
        """A number per connection (id() could repeat once a closed session is freed)."""
        if not hasattr(session, "test_connection"):
            session.test_connection = next(self.connections)
        return session.test_connection

    def authenticate(self, server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword) and self.user is not None
              and auth_data.login.decode("utf-8", "replace") == self.user
              and auth_data.password.decode("utf-8", "replace") == self.password)
        line = {"mechanism": mechanism, "user": auth_data.login.decode("utf-8", "replace") if isinstance(auth_data, LoginPassword) else None,
                "success": ok, "tls": over_tls(server, session), "connection": self.connection(session)}
        with self.lock, open(os.path.join(self.mail_directory, "auth.jsonl"), "a", encoding="utf-8") as f:
            f.write(json.dumps(line) + "\n")
        return AuthResult(success=ok, handled=False)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@", 1)[0].lower()
        if local.startswith("refused"):
            return "550 5.1.1 <%s>: Recipient address rejected: mailbox unavailable" % address
        if local.startswith("greylist") and address.lower() not in self.greylisted:
            self.greylisted.add(address.lower())
            return "451 4.7.1 <%s>: greylisted, try again later" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        number = next(self.numbers)
        base = os.path.join(self.mail_directory, "%04d" % number)
        with open(base + ".eml", "wb") as f:
            f.write(envelope.original_content)
        meta = {"mailFrom": envelope.mail_from, "rcptTos": envelope.rcpt_tos, "authenticated": bool(session.authenticated),
                "tls": over_tls(server, session), "connection": self.connection(session), "peer": list(session.peer or [])}
        with open(base + ".json", "w", encoding="utf-8") as f:
            json.dump(meta, f)
        if any(r.split("@", 1)[0].lower().startswith("dropafter") for r in envelope.rcpt_tos):
            # After the 250 is written (close flushes it), before the client's next command is read.
            asyncio.get_event_loop().call_soon(server.transport.close)
        return "250 2.0.0 Ok: queued as %04d" % number


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--directory", required=True)
    parser.add_argument("--user")
    parser.add_argument("--auth-required", action="store_true")
    args = parser.parse_args()

    mail_directory = os.path.join(args.directory, "mail")
    os.makedirs(mail_directory, exist_ok=True)
    cert, key, ca_cert = make_certificates(args.directory)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)

    recorder = Recorder(mail_directory, args.user, os.environ.get("SMTP_TEST_PASSWORD"))
    common = dict(hostname="127.0.0.1", authenticator=recorder.authenticate, server_hostname="localhost")
    starttls = Controller(recorder, port=free_port(), tls_context=context, require_starttls=True, auth_require_tls=True,
                          auth_required=args.auth_required, **common)
    # aiosmtpd counts only STARTTLS as TLS for auth_require_tls; this listener is TLS from the first byte.
    implicit = Controller(recorder, port=free_port(), ssl_context=context, auth_require_tls=False,
                          auth_required=args.auth_required, **common)
    # No TLS at all, and so no AUTH: a local relay, and a server a StartTls client must refuse.
    plain = Controller(recorder, port=free_port(), auth_require_tls=True, **common)
    controllers = (starttls, implicit, plain)
    for controller in controllers:
        controller.start()

    print(json.dumps({"port": starttls.port, "tlsPort": implicit.port, "plainPort": plain.port, "certificate": cert,
                      "caCertificate": ca_cert, "mailDirectory": mail_directory}), flush=True)

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
    while not stop.wait(0.5):
        pass
    for controller in controllers:
        controller.stop()


if __name__ == "__main__":
    main()
