"""Prints one line from wrk's --latency output on stdin: requests/s, p50, p99, non-2xx count."""
import re
import sys

out = sys.stdin.read()
name = sys.argv[1]
rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
lat = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", out, re.M))
errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
if not rps:
    print(f"{name:56} wrk failed:\n{out}")
    sys.exit(1)
print(f"{name:56} {float(rps.group(1)):9.0f} req/s   p50 {lat.get('50')}   p99 {lat.get('99')}   "
      f"non-2xx {errors.group(1) if errors else 0}")
