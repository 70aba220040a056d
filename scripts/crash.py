#!/usr/bin/env python3
"""Crash test of a release build on SQLite (`make crash`; not part of `make test`).

For CYCLES cycles: start the server, send concurrent sign-ups and contest creations, kill
the server with SIGKILL at a random moment, check the SQLite file's integrity, start it
again and check that every write the server acknowledged (answered 200) is there. Prints
the figures and exits non-zero when anything acknowledged is missing or the file is
damaged. Only loopback is used; every loop is bounded in count and time.

    scripts/crash.py BINARY SITE_ROOT [CYCLES]
"""

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

BIN = sys.argv[1] if len(sys.argv) > 1 else os.path.expanduser("~/.cache/jurydesk/target/release/jurydesk")
SITE = sys.argv[2] if len(sys.argv) > 2 else os.path.expanduser("~/.cache/jurydesk/target/site-release")
CYCLES = int(sys.argv[3]) if len(sys.argv) > 3 else 20
PORT = 3500
BASE = f"http://127.0.0.1:{PORT}"
ADMIN_EMAIL, ADMIN_PASSWORD = "crash@example.test", "crash-test-password-2026"
WRITERS = 8


def env(data):
    e = dict(os.environ)
    e.pop("DATABASE_URL", None)
    e.update(
        JURYDESK_DATA_DIR=data,
        LEPTOS_SITE_ROOT=SITE,
        JURYDESK_LISTEN=f"127.0.0.1:{PORT}",
        JURYDESK_LOG="warn",
        # Each writer names its own address, as behind a proxy, so per-address limits
        # do not stop the test's many sign-ups.
        JURYDESK_TRUSTED_PROXIES="127.0.0.1",
    )
    return e


def start(data, log):
    server = subprocess.Popen([BIN, "serve"], env=env(data), stdout=log, stderr=log)
    for _ in range(200):
        try:
            with urllib.request.urlopen(f"{BASE}/healthz", timeout=1) as r:
                if r.status == 200:
                    return server
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.05)
    raise SystemExit("the server did not start; see the log in " + data)


def post(path, fields, cookie=None, address="127.0.0.1"):
    body = urllib.parse.urlencode(fields).encode()
    req = urllib.request.Request(f"{BASE}{path}", data=body, method="POST")
    req.add_header("Accept", "application/json")
    req.add_header("Content-Type", "application/x-www-form-urlencoded")
    req.add_header("Sec-Fetch-Site", "same-origin")
    req.add_header("X-Forwarded-For", address)
    if cookie:
        req.add_header("Cookie", cookie)
    with urllib.request.urlopen(req, timeout=30) as r:
        return r.status, r.headers.get_all("Set-Cookie") or []


def sign_in_admin():
    status, cookies = post("/api/sign_in", {"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD})
    assert status == 200, status
    for c in cookies:
        if c.startswith("jurydesk_session="):
            return c.split(";")[0]
    raise SystemExit("no session cookie after signing in")


class Acks:
    """Writes the server acknowledged, kept in memory (the test process does not crash)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.emails, self.codes = [], []
        self.errors = 0

    def add(self, kind, value):
        with self.lock:
            (self.emails if kind == "email" else self.codes).append(value)


def writer(n, cycle, cookie, acks, stop):
    i = 0
    while not stop.is_set() and i < 10_000:
        i += 1
        try:
            if i % 3 == 0:
                code = f"CR{cycle}-{n}-{i}"
                status, _ = post(
                    "/api/create_contest",
                    {
                        "contest[code]": code,
                        "contest[name_vi]": f"Cuộc thi thử số {code}",
                        "contest[name_en]": f"Crash contest {code}",
                        "contest[description_vi]": "",
                        "contest[description_en]": "",
                        "contest[time_zone]": "Asia/Ho_Chi_Minh",
                    },
                    cookie=cookie,
                )
                if status == 200:
                    acks.add("code", code)
            else:
                email = f"c{cycle}-w{n}-{i}@example.vn"
                status, _ = post(
                    "/api/sign_up",
                    {"email": email, "name": "Người thử"},
                    address=f"10.{cycle}.{n}.{i % 250}",
                )
                if status == 200:
                    acks.add("email", email)
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            # The server was killed mid-request: not acknowledged, not counted.
            if stop.is_set():
                return
            time.sleep(0.01)


def check(db_path, acks):
    conn = sqlite3.connect(db_path)
    try:
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        have_emails = {r[0] for r in conn.execute("SELECT email FROM users")}
        have_codes = {r[0] for r in conn.execute("SELECT code FROM contests")}
    finally:
        conn.close()
    missing = [e for e in acks.emails if e not in have_emails]
    missing += [c for c in acks.codes if c not in have_codes]
    return integrity, missing


def main():
    data = tempfile.mkdtemp(prefix="jurydesk-crash-")
    db_path = os.path.join(data, "jurydesk.db")
    log = open(os.path.join(data, "server.log"), "ab")
    e = env(data)
    subprocess.run([BIN, "migrate"], env=e, check=True, stdout=subprocess.DEVNULL)
    subprocess.run(
        [BIN, "create-admin", "--email", ADMIN_EMAIL, "--name", "Crash", "--password-stdin"],
        env=e, input=(ADMIN_PASSWORD + "\n").encode(), check=True, stdout=subprocess.DEVNULL,
    )
    acks = Acks()
    rng = random.Random(int(os.environ.get("CRASH_SEED", "7")))
    started = time.time()
    worst = []
    for cycle in range(1, CYCLES + 1):
        server = start(data, log)
        cookie = sign_in_admin()
        stop = threading.Event()
        threads = [threading.Thread(target=writer, args=(n, cycle, cookie, acks, stop)) for n in range(WRITERS)]
        for t in threads:
            t.start()
        time.sleep(rng.uniform(0.5, 3.0))
        server.send_signal(signal.SIGKILL)
        server.wait()
        stop.set()
        for t in threads:
            t.join(timeout=35)
        integrity, missing = check(db_path, acks)
        print(f"cycle {cycle:2}: {len(acks.emails)} sign-ups and {len(acks.codes)} contests acknowledged so far, "
              f"{len(missing)} missing, integrity {integrity}", flush=True)
        if integrity != "ok" or missing:
            worst.append((cycle, integrity, missing[:5]))
    # A last start proves the killed database still opens and serves.
    server = start(data, log)
    integrity, missing = check(db_path, acks)
    server.send_signal(signal.SIGTERM)
    server.wait()
    total = len(acks.emails) + len(acks.codes)
    print(json.dumps({
        "cycles": CYCLES,
        "acknowledged_writes": total,
        "sign_ups": len(acks.emails),
        "contests": len(acks.codes),
        "missing": len(missing),
        "integrity": integrity,
        "seconds": round(time.time() - started, 1),
    }))
    if worst or missing or integrity != "ok":
        print("FAILED:", worst or missing[:5], file=sys.stderr)
        print("data kept in", data, file=sys.stderr)
        sys.exit(1)
    subprocess.run(["rm", "-rf", data])


if __name__ == "__main__":
    main()
