#!/usr/bin/env python3
"""The server's memory in a process of its own, on a database the province generator built (BENCHMARKS.md).

    python3 scripts/serve_memory.py DATABASE.sqlite .build/release/quanze 510104,511321,510824,513433

1. Moves every stored result of the engine to another day, then starts `quanze serve` on the database
   (QUANZE_TODAY 2023-12-30, QUANZE_ANALYSIS_INTERVAL 3 s): its first scheduled round computes every county again.
   The round's time is read from the results as they are stored (from the first county's to the last one's).
2. Logs in as each named county's 编办 (`g<county>-bianban`, the generator's accounts) and reads twelve routes five
   times each, one request at a time.
3. Prints the server's RSS: its peak during the round, its peak over the whole run (VmHWM) and at the end.

Extra NAME=VALUE arguments after the counties go into the server's environment. The database is changed (its
stored results are recomputed as of 2023-12-30): use a copy you can spare."""
import http.client, os, re, sqlite3, subprocess, sys, threading, time, urllib.parse

db, binary, counties = sys.argv[1], sys.argv[2], sys.argv[3].split(',')
today = '2023-12-30'
with sqlite3.connect(db, timeout=60) as pre:
    pre.execute("UPDATE analysis_results SET as_of = '2000-01-01'")
env = dict(os.environ, DATABASE_URL=db, QUANZE_COUNTY=counties[0], QUANZE_TODAY=today, PORT='0',
           QUANZE_ANALYSIS_INTERVAL='3', LOG_LEVEL='warning')
env.update(dict(a.split('=', 1) for a in sys.argv[4:]))
proc = subprocess.Popen([binary, 'serve'], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
port = None
for line in proc.stdout:
    m = re.search(r'http://127\.0\.0\.1:(\d+)', line)
    if m:
        port = int(m.group(1))
        break
if port is None:
    sys.exit('the server stopped before it printed its URL')
threading.Thread(target=lambda: [None for _ in proc.stdout], daemon=True).start()
started = time.time()
samples, sampling = [], True


def status(field):
    for line in open(f'/proc/{proc.pid}/status'):
        if line.startswith(field):
            return int(line.split()[1]) // 1024


def sample():
    while sampling:
        samples.append(status('VmRSS'))
        time.sleep(0.2)


threading.Thread(target=sample, daemon=True).start()
lite = sqlite3.connect(db, timeout=60)
total = lite.execute("SELECT count(DISTINCT county) FROM analysis_results").fetchone()[0]
first = None
while True:
    done = lite.execute("SELECT count(*) FROM analysis_results WHERE as_of = ?", (today,)).fetchone()[0]
    if done and first is None:
        first = time.time()
    if done >= total:
        break
    time.sleep(0.2)
print(f'round: {total} counties, the first stored {first - started:.1f} s after the start, the last '
      f'{time.time() - first:.1f} s after the first', flush=True)
round_peak = max(samples)


def connection():
    return http.client.HTTPConnection('127.0.0.1', port, timeout=120)


def login(user):
    c = connection()
    c.request('GET', '/login')
    r = c.getresponse()
    html = r.read().decode()
    form_cookie = re.search(r'qz_login=([^;]+)', r.getheader('Set-Cookie') or '').group(1)
    csrf = re.search(r'name="_csrf" value="([^"]+)"', html).group(1)
    body = urllib.parse.urlencode({'_csrf': csrf, 'username': user, 'password': 'Daan@2023-demo'})
    c.request('POST', '/login', body, {'Origin': f'http://127.0.0.1:{port}', 'Cookie': 'qz_login=' + form_cookie,
                                       'Content-Type': 'application/x-www-form-urlencoded'})
    r = c.getresponse()
    r.read()
    if r.status != 303:
        sys.exit(f'login of {user} answered {r.status}')
    cookies = ' '.join(v for k, v in r.getheaders() if k.lower() == 'set-cookie')
    return re.search(r'qz_session=([^;]+)', cookies).group(0)


q = urllib.parse.quote
answers = {}
for county in counties:
    cookie = login(f'g{county}-bianban')
    town = lite.execute("SELECT code FROM regions WHERE county = ? AND level = 'township' ORDER BY code LIMIT 1",
                        (county,)).fetchone()[0]
    paths = ['/healthz', f'/api/v1/townships/{town}/lists?asOf=2023-06-30', f'/townships/{town}?asOf=2023-06-30',
             f'/api/v1/townships/{town}/lists/diff?from=2022-12-31&to=2023-12-31', '/api/v1/items?q=' + q('许'),
             '/api/v1/items?q=' + q('经营许'), '/api/v1/summary', '/api/v1/indicators', '/suggestions', '/workbench',
             '/delegation', '/api/v1/suggestions']
    c = connection()
    for _ in range(5):
        for path in paths:
            c.request('GET', path, headers={'Cookie': cookie})
            r = c.getresponse()
            r.read()
            answers[r.status] = answers.get(r.status, 0) + 1
sampling = False
time.sleep(0.3)
print('answers by status:', answers)
print(f'RSS: peak during the round {round_peak} MB, peak of the run (VmHWM) {status("VmHWM")} MB, '
      f'at the end {status("VmRSS")} MB', flush=True)
proc.terminate()
proc.wait(30)
sys.exit(0 if set(answers) == {200} else 1)
