#!/usr/bin/env bash
# Adopts a real second county (广安区, 511602) into a fresh Quanze database the way a 编办 clerk would, using only
# the command line and the API (never SQL), then prints what the suggestion engine finds as of 2023-12-31.
#
#   bash scripts/adopt/adopt.sh [WORKDIR]
#
# WORKDIR (default: a new temporary folder) receives the SQLite file, the token files and the server log. The
# fixture is scripts/adopt/511602 (python3 scripts/adopt/make_fixture.py rebuilds it); statutes and divisions come
# from ../shared/data. Needs curl and python3; builds the quanze binary if missing. The server runs on a free
# loopback port and is stopped at the end. Tests/QuanzeAppTests/Adoption/AdoptionTests.swift runs the same steps.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
ROOT=$PWD
FIXTURE=$ROOT/scripts/adopt/511602
SHARED=$ROOT/../shared/data
WORK=${1:-$(mktemp -d "${TMPDIR:-/tmp}/quanze-adopt.XXXXXX")}
mkdir -p "$WORK"
export DATABASE_URL=$WORK/quanze.sqlite QUANZE_COUNTY=511602 QUANZE_TODAY=2023-12-31
BIN=$ROOT/.build/debug/quanze
[[ -x $BIN ]] || swift build --product quanze
step() { printf '\n==> %s\n' "$*"; }

step "1 建立区县";            "$BIN" county init 511602 --divisions "$SHARED/divisions"
step "2 导入单位";            "$BIN" import organizations "$FIXTURE/organizations.csv"
step "3 导入法规";            "$BIN" import laws "$SHARED/laws"
step "4 补充承接要求词表";    "$BIN" import requirements "$FIXTURE/requirements.csv"
step "5 导入事项目录";        "$BIN" import items "$FIXTURE/items.csv"
step "6 导入省级赋权目录";    "$BIN" import catalogue "$FIXTURE/catalogue.csv"
step "7 导入现有清单";        "$BIN" import assignments "$FIXTURE/assignments.csv"
step "8 账号与令牌"
"$BIN" user add ga-bianban --name "广安区委编办 张敏" --role establishment --organization GA-BB
"$BIN" user add ga-xitong --name "四川省一体化政务服务平台" --role system --organization 511602-GOV
rm -f "$WORK/clerk.token" "$WORK/system.token"
"$BIN" token issue --account ga-bianban --scope units:write,suggestions:read --name 迁移脚本 --secret-file "$WORK/clerk.token"
orgs=()
for f in "$FIXTURE"/staff-*.csv; do t=${f##*/staff-}; orgs+=(--organization "${t%.csv}"); done
"$BIN" token issue --account ga-xitong --scope cases:write --name 办件推送 "${orgs[@]}" --secret-file "$WORK/system.token"

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
step "9 启动服务（127.0.0.1:$PORT）"
PORT=$PORT "$BIN" serve >"$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
BASE=http://127.0.0.1:$PORT/api/v1
CLERK=$(cat "$WORK/clerk.token")
SYSTEM=$(cat "$WORK/system.token")

step "10 导入各镇街人员（API）"
for f in "$FIXTURE"/staff-*.csv; do
    t=${f##*/staff-}
    curl -fsS -H "Authorization: Bearer $CLERK" -H 'Content-Type: text/csv' --data-binary "@$f" \
        "$BASE/units/${t%.csv}/capacity/import/staff"
    echo
done

step "11 对接系统推送 2023 年办件（API）"
curl -fsS -H "Authorization: Bearer $SYSTEM" -H 'Content-Type: application/x-ndjson' \
    --data-binary "@$FIXTURE/cases-2023.ndjson" "$BASE/cases" | python3 -c \
    'import json,sys; a=json.load(sys.stdin); print("accepted", len(a.get("accepted",[])), "rejected", len(a.get("rejected",[])))'

step "12 调整建议（截至 2023-12-31）"
curl -fsS -H "Authorization: Bearer $CLERK" "$BASE/suggestions?asOf=2023-12-31" | python3 -c '
import json, sys
a = json.load(sys.stdin)
for s in a["suggestions"]:
    print(s["rule"], s["township"], s["itemCode"], s["severityLabel"], s["evidence"], sep="\t")
print("total", a["total"])'
echo
echo "数据库：$DATABASE_URL（QUANZE_COUNTY=511602 quanze serve 可继续使用）"
