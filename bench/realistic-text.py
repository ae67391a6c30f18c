#!/usr/bin/env python3
"""Writes about <bytes> of real-looking text to stdout: web access-log lines and CSV order rows with
random ids, times, words and hashes (gzip -1 shrinks it about 3.6x, like real logs and exports).
Usage: realistic-text.py <bytes> [random seed]. Used by bench/scale.sh to make a seed file."""
import random
import sys

target = int(sys.argv[1])
rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 13)
paths = ["/api/v1/orders", "/api/v1/orders/%d", "/api/v1/customers/%d", "/static/app.%s.js", "/login",
         "/cart", "/search?q=%s", "/products/%d/reviews"]
words = ("alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar papa "
         "quebec romeo sierra tango uniform victor whiskey xray yankee zulu").split()
agents = ["Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
          "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36",
          "curl/7.88.1", "okhttp/4.12.0"]
r, ri = rng.random, rng.randint
written, t, lines = 0, 1767225600, []
while written < target:
    t += ri(0, 3)
    if r() < 0.8:  # an access-log line
        p = rng.choice(paths)
        if "%d" in p:
            p = p % ri(1, 5_000_000)
        elif "%s" in p:
            p = p % (rng.choice(words) + "%x" % ri(0, 1 << 32))
        line = '10.%d.%d.%d - user%d [%d] "GET %s HTTP/1.1" %d %d "%s" rt=%.3f\n' % (
            ri(0, 255), ri(0, 255), ri(0, 255), ri(1, 50000), t, p, rng.choice((200, 200, 200, 304, 404, 500)),
            ri(200, 90000), rng.choice(agents), r())
    else:  # a CSV order row
        line = '%d,%d,%s,%s@example.org,%.2f,%s,%032x\n' % (
            t, ri(1, 10**9), rng.choice(words), rng.choice(words) + str(ri(1, 99999)), r() * 1000,
            " ".join(rng.choices(words, k=ri(3, 12))), rng.getrandbits(128))
    lines.append(line)
    written += len(line)
    if len(lines) >= 10000:
        sys.stdout.write("".join(lines))
        lines = []
sys.stdout.write("".join(lines))
