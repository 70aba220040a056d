#!/usr/bin/env python3
"""Sheet saves against a running server, as a judge's autosave sends them.

Usage: bench-sheets.py BASE COOKIE_HEADER [RATE] [SECONDS]

The signed-in judge's unsubmitted sheets of round 1 are shared among four workers (no two
save the same sheet, so no save is refused as stale); each save changes the first criterion's
score, so every one is a real write (validated, stored, audited, one transaction). Two runs:
- paced: RATE saves per second in all (default 200), evenly spaced (the workers take turns),
  for SECONDS (default 10), reporting p50, p99 and the worst latency;
- flat out: the four workers as fast as they can for SECONDS, reporting saves per second.
Any answer but 200 counts as an error; the script exits non-zero if there is one.
"""

import http.client
import json
import sys
import threading
import time
import urllib.parse

base, cookie = sys.argv[1], sys.argv[2]
rate = float(sys.argv[3]) if len(sys.argv) > 3 else 200.0
seconds = float(sys.argv[4]) if len(sys.argv) > 4 else 10.0
host, port = urllib.parse.urlparse(base).hostname, urllib.parse.urlparse(base).port
WORKERS = int(__import__("os").environ.get("WORKERS", "4"))
HEADERS = {
    "Cookie": cookie.split(":", 1)[1].strip(),
    "Accept": "application/json",
    "Sec-Fetch-Site": "same-origin",
    "Content-Type": "application/x-www-form-urlencoded",
}


def post(conn, name, fields):
    conn.request("POST", f"/api/{name}", urllib.parse.urlencode(fields), HEADERS)
    res = conn.getresponse()
    return res.status, res.read()


conn = http.client.HTTPConnection(host, port)
status, body = post(conn, "judge_workspace", {})
assert status == 200, body
rnd = json.loads(body)["rounds"][0]
contest, position = rnd["contest_code"], rnd["round"]["position"]
sheets = []
for entry in rnd["entries"]:
    if entry["sheet"] in (None, "draft"):
        status, body = post(conn, "get_sheet", {"code": contest, "position": position, "entry": entry["code"]})
        assert status == 200, body
        view = json.loads(body)
        first = view["rubric"][0]
        sheets.append({"entry": entry["code"], "version": view["version"], "key": first["key"],
                       "values": [str(first["min_points"]), str(first["max_points"])], "turn": 0})
assert len(sheets) >= WORKERS, f"only {len(sheets)} sheets to save"


def save(conn, sheet):
    sheet["turn"] ^= 1
    fields = {"code": contest, "position": position, "entry": sheet["entry"],
              "version": sheet["version"], f"sheet[scores][{sheet['key']}]": sheet["values"][sheet["turn"]]}
    started = time.perf_counter()
    status, body = post(conn, "save_sheet", fields)
    took = time.perf_counter() - started
    if status == 200:
        sheet["version"] = json.loads(body)["version"]
    return status, took


def run(paced):
    latencies, errors, lock = [], [0], threading.Lock()
    interval = WORKERS / rate if paced else 0.0
    deadline = time.perf_counter() + seconds

    def worker(w, mine):
        c = http.client.HTTPConnection(host, port)
        # Paced workers take turns: worker w sends at start + (w / WORKERS) of an interval, so
        # saves arrive one every 1/RATE seconds, not four at once every WORKERS/RATE.
        i, next_at = 0, started + interval * w / WORKERS
        while time.perf_counter() < deadline:
            if paced:
                pause = next_at - time.perf_counter()
                if pause > 0:
                    time.sleep(pause)
                next_at += interval
            status, took = save(c, mine[i % len(mine)])
            i += 1
            with lock:
                latencies.append(took)
                if status != 200:
                    errors[0] += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(w, sheets[w::WORKERS])) for w in range(WORKERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sorted(latencies), time.perf_counter() - started, errors[0]


def ms(x):
    return f"{x * 1000:.2f} ms"


lat, took, errors = run(paced=True)
p = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))]
print(f"sheet saves at {rate:.0f}/s for {seconds:.0f} s: {len(lat)} saves ({len(lat) / took:.0f}/s), "
      f"p50 {ms(p(0.50))}, p99 {ms(p(0.99))}, max {ms(lat[-1])}, errors {errors}")
lat2, took2, errors2 = run(paced=False)
print(f"sheet saves flat out ({WORKERS} connections, {seconds:.0f} s): {len(lat2) / took2:.0f} saves/s, "
      f"p50 {ms(lat2[len(lat2) // 2])}, p99 {ms(lat2[int(0.99 * len(lat2))])}, errors {errors2}")
sys.exit(1 if errors or errors2 else 0)
