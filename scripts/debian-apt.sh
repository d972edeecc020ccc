#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# apt-get and apt-cache over a private configuration that reaches Debian's
# bookworm, trixie, trixie-backports and sid suites for amd64 and arm64,
# with its own source list, package lists and cache under the cache dir:
# the host's sources, lists and architectures are never changed. Used to
# download kernels, headers and arm64 busybox (nothing is installed).
#
# usage: scripts/debian-apt.sh download DIR PKG[:ARCH]...
#        scripts/debian-apt.sh newest REGEX    newest package name matching
#        scripts/debian-apt.sh has PKG[:ARCH]  exit 0 when the archive has it,
#                                              1 when not, 2 when apt failed
#        scripts/debian-apt.sh depends PKG     apt-cache depends PKG
#        scripts/debian-apt.sh like PKG        newest package of PKG's series
#                                              (other sublevel or ABI number)
#        scripts/debian-apt.sh update          refresh the lists now
set -euo pipefail
. "$(dirname "$0")/lib.sh"

dir=$KRPC_CACHE/apt
mirror=${KRPC_DEBIAN_MIRROR:-http://deb.debian.org/debian}
security=${KRPC_DEBIAN_SECURITY:-http://deb.debian.org/debian-security}
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
opts=(-o "Dir::Etc::SourceList=$dir/sources.list" -o "Dir::Etc::SourceParts=$dir/parts"
      -o "Dir::State::Lists=$dir/lists" -o "Dir::Cache=$dir/cache"
      -o "Dir::Etc::Preferences=$dir/preferences" -o "Dir::Etc::PreferencesParts=$dir/parts"
      -o "APT::Architectures::=amd64" -o "APT::Architectures::=arm64"
      -o "Debug::NoLocking=1")

update() {
	mkdir -p "$dir"/lists/partial "$dir"/cache/archives/partial "$dir"/parts
	: >"$dir/preferences"
	{
		for s in bookworm bookworm-updates trixie trixie-backports sid; do
			echo "deb [arch=amd64,arm64 signed-by=$keyring] $mirror $s main"
		done
		echo "deb [arch=amd64,arm64 signed-by=$keyring] $security bookworm-security main"
	} >"$dir/sources.list"
	if ! apt-get "${opts[@]}" update >"$dir/update.log" 2>&1; then
		tail -n 5 "$dir/update.log" >&2
		echo "error: apt-get update of the private Debian lists failed (log: $dir/update.log); check the network and retry" >&2
		exit 2
	fi
	touch "$dir/updated"
}

# Lists older than a day are refreshed before use, by one run at a time
# (apt's own locking is off: the lists are this project's).
stale() {
	[ ! -e "$dir/updated" ] || [ -n "$(find "$dir/updated" -mmin +1440)" ]
}
fresh() {
	stale || return 0
	cache_lock apt-lists
	if stale; then
		update
	fi
}

[ $# -ge 1 ] || die "usage: $0 download DIR PKG... | newest REGEX | has PKG | depends PKG | like PKG | update"
cmd=$1
shift
case $cmd in
update) cache_lock apt-lists; update ;;
download)
	[ $# -ge 2 ] || die "usage: $0 download DIR PKG[:ARCH]..."
	fresh
	mkdir -p "$1"
	(cd "$1" && apt-get "${opts[@]}" download "${@:2}") >"$dir/download.log" 2>&1 ||
		{ tail -n 5 "$dir/download.log" >&2; die "apt-get download ${*:2} failed (log: $dir/download.log)"; } ;;
newest)
	[ $# -eq 1 ] || die "usage: $0 newest REGEX"
	fresh
	apt-cache "${opts[@]}" pkgnames | grep -E "^($1)\$" | sort -V | tail -n 1 ;;
has)
	[ $# -eq 1 ] || die "usage: $0 has PKG[:ARCH]"
	fresh
	if ! err=$(apt-cache "${opts[@]}" show "$1" 2>&1 >/dev/null); then
		grep -q 'No packages found' <<<"$err" && exit 1
		echo "$err" >&2
		exit 2
	fi ;;
depends)
	[ $# -eq 1 ] || die "usage: $0 depends PKG[:ARCH]"
	fresh
	apt-cache "${opts[@]}" depends "$1" ;;
like)
	[ $# -eq 1 ] || die "usage: $0 like PKG"
	# linux-image-6.12.117+deb12-amd64-unsigned: any 6.12.N+deb12;
	# linux-image-6.1.0-56-amd64-unsigned: any 6.1.0-N.
	re=$(sed -E -e 's/[.+]/\\&/g' \
		-e 's/^(linux-[a-z]+-[0-9]+\\.[0-9]+\\.)[0-9]+(\\\+deb)/\1[0-9]+\2/' \
		-e 's/^(linux-[a-z]+-[0-9]+\\.[0-9]+\\.0-)[0-9]+-/\1[0-9]+-/' <<<"${1%%:*}")
	"$0" newest "$re" ;;
*) die "unknown command '$cmd' (download, newest, has, depends, like, update)" ;;
esac
