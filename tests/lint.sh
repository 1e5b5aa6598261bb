#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# make lint: banned functions (in the spirit of git's banned.h), the
# GnuTLS include boundary, and formatting of new code where clang-format
# is installed.
set -u
top=${1:-.}
cd "$top" || exit 1
status=0

strip() {
	# Drop comments and string literals so words in them do not count.
	sed -e 's://.*$::' -e 's:/\*.*\*/::g' -e 's/"[^"]*"/""/g' "$1"
}

banned_all='strcpy|strcat|sprintf|vsprintf|strtok|atoi|atol|gmtime|localtime|ctime'
banned_common='exit|abort|printf|puts|getenv|fwrite|fputs|fprintf|putchar|perror'

for f in common/*.c common/*.h plugins/*.c plugins/*.h tests/*/*.c tests/*/*.h; do
	[ -f "$f" ] || continue
	hits=$(strip "$f" | grep -nE "(^|[^a-z_0-9.>])($banned_all)[ ]*\(" || true)
	if [ -n "$hits" ]; then
		echo "lint: $f uses a banned function:"; echo "$hits"; status=1
	fi
done
for f in common/*.c common/*.h; do
	hits=$(strip "$f" | grep -nE "(^|[^a-z_0-9.>])($banned_common)[ ]*\(" || true)
	if [ -n "$hits" ]; then
		echo "lint: $f (common/ never prints or exits):"; echo "$hits"; status=1
	fi
done
hits=$(grep -n '#include *<gnutls/' plugins/*.c plugins/*.h 2>/dev/null || true)
if [ -n "$hits" ]; then
	echo "lint: plugins must not include GnuTLS headers (TLS lives in common/):"
	echo "$hits"; status=1
fi
hits=$(grep -nE '^[^#]*\b(if|while) *\(.*[^=!<>]=[^=].*\) *\{?$' common/*.c plugins/*.c | grep -vE '==|!=|<=|>=' || true)
if [ -n "$hits" ]; then
	echo "lint: assignment inside a condition:"; echo "$hits"; status=1
fi
[ $status -eq 0 ] && echo "lint: ok"
exit $status
