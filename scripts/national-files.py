#!/usr/bin/env python3
"""Writes the national round of domain/benches/scoring.rs as the files `jurydesk results`
reads (docs/formats.md): 20,000 entries in 8 categories, 1,000 judges, k = 3, 6 criteria,
60,000 sheets (360,000 score rows, about 8 MB). Usage: national-files.py OUT_DIR.
The same linear congruential generator and seed give the same scores as the bench."""

import os
import sys

ENTRIES, CATEGORIES, JUDGES, K = 20_000, 8, 1_000, 3
KEYS = ["novelty", "feasibility", "market", "impact", "team", "pitch"]
MAXIMA = [25, 20, 20, 15, 10, 10]
MASK = (1 << 64) - 1


class Lcg:
    def __init__(self, seed):
        self.state = seed

    def next(self, below):
        self.state = (self.state * 6364136223846793005 + 1442695040888963407) & MASK
        return (self.state >> 33) % below


def main(out):
    os.makedirs(out, exist_ok=True)
    rng = Lcg(2026)
    with open(os.path.join(out, "entries.csv"), "w", encoding="utf-8", newline="") as f:
        f.write("code,category,submitted_at,title\n")
        for i in range(ENTRIES):
            at = 1_790_000_000 + rng.next(2_000_000)
            stamp = __import__("datetime").datetime.fromtimestamp(at, __import__("datetime").timezone.utc)
            f.write(f"E-{i:05},C{i % CATEGORIES},{stamp.strftime('%Y-%m-%dT%H:%M:%SZ')},Ý tưởng số {i}\n")
    with open(os.path.join(out, "sheets.csv"), "w", encoding="utf-8", newline="") as f:
        f.write("judge,entry,criterion,score,comment\n")
        for i in range(ENTRIES):
            for t in range(K):
                judge = (i + t * 337) % JUDGES
                severity = judge % 7
                for key, top in zip(KEYS, MAXIMA):
                    halves = top * 2
                    value = min(rng.next(halves // 2 + 1) + halves // 3 + severity, halves)
                    score = f"{value // 2}" if value % 2 == 0 else f"{value // 2}.5"
                    f.write(f"J-{judge:04},E-{i:05},{key},{score},\n")
    with open(os.path.join(out, "round.toml"), "w", encoding="utf-8") as f:
        f.write('[round]\njudges_per_entry = 3\naggregate = "normalized_mean"\nprecision = 2\n')
        f.write('tie_breaks = ["criterion:novelty", "earlier_submission"]\n\n')
        f.write('[round.advance]\ntop_n = 5\nper_category = true\nmin_score = 50\n')
        f.write('no_zero_criterion = true\n\n')
        for key, top in zip(KEYS, MAXIMA):
            f.write(f'[[criteria]]\nkey = "{key}"\nname = {{ vi = "{key}", en = "{key}" }}\n')
            f.write(f"max_points = {top}\n\n")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "target/national")
