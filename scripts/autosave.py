#!/usr/bin/env python3
"""Paced autosaves of one draft: RATE saves a second for SECONDS seconds, each naming the
version the previous one returned (as the entry form does), over one keep-alive connection.
Prints p50, p99 and the slowest, and the number of refused saves.
Usage: autosave.py BASE EMAIL PASSWORD RATE SECONDS"""
import http.client, json, sys, time, urllib.parse

base, email, password, rate, seconds = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
url = urllib.parse.urlparse(base)
conn = http.client.HTTPConnection(url.hostname, url.port)
headers = {"Accept": "application/json", "Sec-Fetch-Site": "same-origin",
           "Content-Type": "application/x-www-form-urlencoded"}

def post(path, fields, cookie=None):
    h = dict(headers)
    if cookie:
        h["Cookie"] = cookie
    conn.request("POST", path, urllib.parse.urlencode(fields), h)
    res = conn.getresponse()
    return res, res.read()

res, _ = post("/api/sign_in", {"email": email, "password": password})
cookie = "; ".join(c.split(";")[0] for c in res.msg.get_all("Set-Cookie") or [])
# The founder's drafts: start a new one to save into.
res, body = post("/api/start_entry", {"contest": "LS25"}, cookie)
res, body = post("/api/my_entries", {}, cookie)
code = json.loads(body)[0]["code"]
version, times, refused = 1, [], 0
start = time.monotonic()
for i in range(rate * seconds):
    due = start + i / rate
    time.sleep(max(0.0, due - time.monotonic()))
    t0 = time.perf_counter()
    res, body = post("/api/save_entry", {"code": code, "version": version,
                                         "entry[title]": f"Bản nháp số {i} – Máy sấy nông sản",
                                         "entry[summary]": "Tóm tắt " * 40}, cookie)
    times.append((time.perf_counter() - t0) * 1000)
    if res.status == 200:
        version = json.loads(body)["version"]
    else:
        refused += 1
times.sort()
pick = lambda q: times[min(len(times) - 1, int(q * len(times)))]
print(f"{'autosave at ' + str(rate) + '/s for ' + str(seconds) + ' s':<44} {len(times)} saves  p50 {pick(0.5):.2f}ms  p99 {pick(0.99):.2f}ms  max {times[-1]:.2f}ms  refused {refused}")
