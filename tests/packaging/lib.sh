# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0
# Shared by the packaging tests: KTAP output and a scratch copy of the tree.
# Source it; do not run it.
# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib.sh"

ktap_n=0
ktap_fail=0

# ktap_plan N
ktap_plan() {
	echo "KTAP version 1"
	echo "1..$1"
}

# result RC DESCRIPTION [LOG]: one KTAP line; on failure the log's tail as
# diagnostics.
result() {
	ktap_n=$((ktap_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $ktap_n $2"
	else
		[ -n "${3:-}" ] && [ -f "$3" ] && tail -n 25 "$3" | sed 's/^/# /'
		echo "not ok $ktap_n $2"
		ktap_fail=1
	fi
}

# run DESCRIPTION LOG CMD...: result of CMD, its output in LOG.
run() {
	local desc=$1 log=$2
	shift 2
	"$@" >"$log" 2>&1
	result $? "$desc" "$log"
}

# ktap_end: exit status for the test script.
ktap_end() {
	exit "$ktap_fail"
}

# copy_tree DEST: the project's files (git's tracked and unignored files,
# working-tree content; without git, the tree minus build output) into DEST, so a
# test never builds in, or races with, the real tree.
copy_tree() {
	local dest=$1
	mkdir -p "$dest"
	if git -C "$KRPC_TOP" rev-parse --git-dir >/dev/null 2>&1; then
		# shellcheck disable=SC2016 # the inner sh expands it
		(cd "$KRPC_TOP" && git ls-files -z --cached --others --exclude-standard | xargs -0 sh -c \
			'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' _ |
			rsync -a --from0 --files-from=- ./ "$dest/")
	else
		rsync -a --exclude=/out/ --exclude='*.o' --exclude='*.ko' --exclude='*.cmd' \
			--exclude='*.mod*' --exclude='*.symvers' --exclude='*.order' \
			"$KRPC_TOP/" "$dest/"
	fi
}

# scratch_dir: a temporary directory in $tmp, removed at exit together with
# the DKMS signing key pair dkms creates on first use (only when this test
# created it: a machine's own key stays).
scratch_dir() {
	local f
	tmp=$(mktemp -d)
	mok_created=()
	for f in /var/lib/dkms/mok.key /var/lib/dkms/mok.pub; do
		[ -e "$f" ] || mok_created+=("$f")
	done
	trap scratch_cleanup EXIT
}

# shellcheck disable=SC2317 # called by the EXIT trap
scratch_cleanup() {
	local f
	for f in "${mok_created[@]}"; do rm -f "$f"; done
	rm -rf "$tmp"
}
