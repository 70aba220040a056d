#!/usr/bin/env python3
"""Takes a round to published results over HTTP as its committee would in the browser, for
benchmarks: signs in, makes an API token, reads the round's ranking through the API (every
page), accepts each open discrepancy flag with a note, sends on each entry tied at the cutoff,
finalises with the digest it read, and publishes with scores and files. Prints the token.

Usage: scripts/publish-round.py BASE_URL EMAIL PASSWORD CONTEST POSITION
"""
import http.cookiejar
import json
import sys
import urllib.parse
import urllib.request

base, email, password, code, position = sys.argv[1:6]
jar = http.cookiejar.CookieJar()
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))


def call(name, **fields):
    """A server function, as the page's JavaScript calls it."""
    body = urllib.parse.urlencode(fields).encode()
    req = urllib.request.Request(f"{base}/api/{name}", data=body, headers={
        "Accept": "application/json",
        "Sec-Fetch-Site": "same-origin",
        "Content-Type": "application/x-www-form-urlencoded",
    })
    try:
        with opener.open(req) as res:
            return json.loads(res.read() or b"null")
    except urllib.error.HTTPError as e:
        sys.exit(f"{name}: {e.code} {e.read().decode()}")


def ranking(token):
    """Every entry of the round's ranking, through the API, and its digest."""
    items, cursor, digest = [], None, None
    while True:
        query = {"limit": 500, **({"cursor": cursor} if cursor else {})}
        url = f"{base}/api/v1/contests/{code}/rounds/{position}/ranking?{urllib.parse.urlencode(query)}"
        req = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
        with urllib.request.urlopen(req) as res:
            page = json.loads(res.read())
        items += page["items"]
        digest = page["round"]["digest"]
        cursor = page.get("next_cursor")
        if not cursor:
            return items, digest


call("sign_in", email=email, password=password)
token = call("create_api_token", code=code, label="Benchmark")["secret"]
items, _ = ranking(token)
flags = [e["code"] for e in items if e["flag"] == "open"]
for entry in flags:
    call("accept_discrepancy", code=code, position=position, entry=entry,
         note="Benchmark: the committee accepts the scores.")
items, _ = ranking(token)
ties = [e["code"] for e in items if e["status"] == "ranked" and e["advances"] is None]
for entry in ties:
    call("decide_advancement", code=code, position=position, entry=entry, choice="add",
         reason="Benchmark: tied at the cutoff, sent on.")
items, digest = ranking(token)
call("finalise_round", code=code, position=position, digest=digest)
call("publish_round", code=code, position=position, show_scores="on", publish_files="on")
print(f"accepted {len(flags)} flags, sent on {len(ties)} tied entries, published {digest[:12]}",
      file=sys.stderr)
print(token)
