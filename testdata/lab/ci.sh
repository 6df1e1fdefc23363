#!/usr/bin/env bash
# ci.sh OUTDIR: the lab of real middleboxes in CI.
#
# When the machine cannot run the lab (not root, no network namespaces,
# packages missing and not installable), it says why and exits 0: skipped.
# Otherwise it builds hopaudit, records every scenario into OUTDIR
# (captures, topology.yaml, expected.json, probes.json) with `lab.sh
# record`, re-checks the captures with `lab.sh verify OUTDIR`, and exits
# non-zero when either fails. Then, for instance:
#
#   HOPAUDIT_LAB_DIR=OUTDIR go test ./analyze -run TestLabScenarios
#
# Bounded in time: package installation 300 s, recording 900 s (about
# 7 minutes is usual on 2 shared cores), verification 180 s. Leaves no
# namespace behind (lab.sh cleans up on exit and on TERM; `lab.sh clean`
# runs after a timeout).
set -euo pipefail

LAB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$LAB_DIR/../.." && pwd)
LAB=$LAB_DIR/lab.sh
INSTALL_LIMIT=300
RECORD_LIMIT=900
VERIFY_LIMIT=180

if (($# != 1)); then
	echo "usage: ci.sh OUTDIR" >&2
	exit 2
fi
OUT=$1

# A Go toolchain outside PATH (sudo's secure_path) is still a Go toolchain.
if ! command -v go >/dev/null && [[ -x /usr/local/go/bin/go ]]; then
	PATH=$PATH:/usr/local/go/bin
fi

skip() {
	echo "lab: skipped: $*"
	exit 0
}

# try_install: install the packages lab.sh check says are missing, when
# we are root and have apt-get; bounded by INSTALL_LIMIT.
try_install() {
	local pkgs
	pkgs=$(sed -n 's/^install with: apt-get install -y //p' <<<"$1")
	[[ -n $pkgs ]] || return 1
	((EUID == 0)) && command -v apt-get >/dev/null || return 1
	echo "lab: installing $pkgs"
	# shellcheck disable=SC2086 # a list of package names
	DEBIAN_FRONTEND=noninteractive timeout "$INSTALL_LIMIT" \
		apt-get install -y --no-install-recommends $pkgs >/dev/null 2>&1
}

if ! report=$("$LAB" check 2>&1); then
	if ! try_install "$report" || ! report=$("$LAB" check 2>&1); then
		skip "$(tr '\n' '|' <<<"$report" | sed 's/|$//; s/|/ | /g')"
	fi
fi
echo "$report"

t0=$(date +%s)
mkdir -p "$OUT"
BIN=$(mktemp -d /tmp/hopaudit-lab-ci.XXXXXX)
trap 'rm -rf "$BIN"' EXIT
(cd "$REPO_ROOT" && CGO_ENABLED=0 go build -o "$BIN/hopaudit" ./cmd/hopaudit) || {
	echo "lab: go build ./cmd/hopaudit failed" >&2
	exit 1
}

rc=0
LAB_HOPAUDIT=$BIN/hopaudit timeout -k 30 "$RECORD_LIMIT" "$LAB" record "$OUT" || rc=$?
if ((rc != 0)); then
	((rc == 124 || rc == 137)) && echo "lab: recording ran out of its ${RECORD_LIMIT} s" >&2
	"$LAB" clean || true
	echo "lab: recording failed (exit $rc) after $(($(date +%s) - t0)) s" >&2
	exit 1
fi
if ! timeout -k 10 "$VERIFY_LIMIT" "$LAB" verify "$OUT"; then
	echo "lab: verification of $OUT failed" >&2
	exit 1
fi
echo "lab: recorded and verified $(find "$OUT" -name expected.json | wc -l) scenario(s) in $(($(date +%s) - t0)) s"
