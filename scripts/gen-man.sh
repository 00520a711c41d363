#!/bin/sh
# Write the man page guichet(1) on stdout from the binary itself: its
# --help, each command's --help, and the settings table of
# `guichet serve --help-config` (the source of docs/configuration.md), so
# that the page, --help and the docs cannot drift.  usage: gen-man.sh BINARY
# (GC_DATA_DIR: the language data folder, for a binary built for another one)
set -eu
bin=$1
version=$("$bin" --version | sed 's/^guichet //')
date=${SOURCE_DATE_EPOCH:+$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%d)}
date=${date:-$(date -u +%Y-%m-%d)}
# roff-escape stdin: backslashes, and a line starting with . or ' read as text.
esc() { sed -e 's/\\/\\e/g' -e "s/^\\([.']\\)/\\\\\\&\\1/"; }
cat <<EOF2
.TH GUICHET 1 "$date" "guichet $version" "User Commands"
.SH NAME
guichet \\- a citizen assistant that answers from a town's validated pages
.SH SYNOPSIS
.B guichet
.I COMMAND
.RI [ OPTIONS ]
.SH DESCRIPTION
EOF2
"$bin" --help | sed -n '1p' | esc
echo ".SH COMMANDS"
cmds=$("$bin" --help | sed -n 's/^  \([a-z][a-z]*\)  .*/\1/p')
for c in $cmds; do
    echo ".SS guichet $c"
    echo ".nf"
    "$bin" "$c" --help 2>&1 | sed '/^Every setting below is also an option/,$d' | esc
    echo ".fi"
done
cat <<'EOF2'
.SH SETTINGS
Every setting is also an option of every command (\fB\-\-NAME VALUE\fR or
\fB\-\-NAME=VALUE\fR) and may be written in the INI file given with
\fB\-\-config FILE\fR (\fBNAME = VALUE\fR); the command line wins.  The package's file
is \fI/etc/guichet/guichet.ini\fR.
EOF2
"$bin" serve ${GC_DATA_DIR:+--data-dir "$GC_DATA_DIR"} --help-config | awk '
    /^\| `/ {
        line = $0
        sub(/^\| `/, "", line); name = line; sub(/`.*/, "", name)
        sub(/^[^`]*` \| `/, "", line); def = line; sub(/`.*/, "", def)
        sub(/^[^`]*` \| /, "", line); help = line; sub(/ \|$/, "", help)
        gsub(/\\/, "\\e", help); gsub(/\\/, "\\e", def)
        gsub(/-/, "\\-", name)
        if (def == "") def = "empty"
        printf ".TP\n\\fB%s\\fR (default: \\fI%s\\fR)\n%s\n", name, def, help
    }'
cat <<'EOF2'
.SH FILES
.TP
.I /etc/guichet/guichet.ini
settings of the service \fBguichet.service\fR;
.I /etc/guichet/NAME.ini
those of \fBguichet@NAME.service\fR (one instance per town or department)
.TP
.I /var/lib/guichet/
databases, keys and backups (mode 0750, user guichet)
.TP
.I /usr/share/guichet/
language data files
.TP
.I /usr/share/doc/guichet/
deploy.md (install, TLS with nginx, monitoring, backups), examples/
.SH SIGNALS
SIGTERM, SIGINT: finish the requests in flight and stop.  SIGHUP
(\fBsystemctl reload guichet\fR): reload, never stop.
.SH EXIT STATUS
0 on success, 1 on failure (with a message), 2 on bad usage.
.SH SEE ALSO
.BR systemctl (1),
.BR journalctl (1),
.BR nginx (8),
.BR prometheus (1)
EOF2
