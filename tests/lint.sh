#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# make lint: banned functions (in the spirit of git's banned.h), the
# GnuTLS include boundary, function length, and formatting with the
# checked-in .clang-format (skipped, with a note, where clang-format is
# not installed).
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
# No function over 80 lines: a definition's body runs from a "{" alone at
# the start of a line to the next "}" alone there (KNF, as .clang-format
# writes it). Tables are data, not functions, and are not counted.
long=$(awk 'FNR == 1 { start = 0 }
	/^\{$/ { start = FNR; name = prev }
	/^\}$/ && start { n = FNR - start - 1
		if (n > 80) printf "%s:%d: %s is %d lines\n", FILENAME, start, name, n
		start = 0 }
	{ prev = $0 }' common/*.c plugins/*.c tests/*/*.c bench/*.c)
if [ -n "$long" ]; then
	echo "lint: functions over 80 lines:"; echo "$long"; status=1
fi
if command -v clang-format >/dev/null 2>&1; then
	bad=
	for f in common/*.[ch] plugins/*.[ch] tests/*/*.[ch] bench/*.c; do
		[ -f "$f" ] || continue
		clang-format --style=file --dry-run -Werror "$f" \
		    >/dev/null 2>&1 || bad="$bad $f"
	done
	if [ -n "$bad" ]; then
		echo "lint: not formatted as .clang-format says (clang-format -i):"
		echo "$bad" | tr ' ' '\n' | sed '/^$/d; s/^/  /'; status=1
	fi
else
	echo "lint: clang-format not installed: formatting not checked"
fi
[ $status -eq 0 ] && echo "lint: ok"
exit $status
