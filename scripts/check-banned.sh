#!/bin/sh
# Refuse what STYLE.md bans (curl's habit): unsafe string and number parsing,
# and assignments inside the condition of an if or a while.  A line may say
# "banned-ok" in a comment to be let through, with its reason.
set -u
files=$(find src tests/unit tests/fuzz -name '*.[ch]' 2>/dev/null | sort)
status=0
bad=$(grep -nE '\b(strcpy|strcat|sprintf|vsprintf|strtok|atoi|atol|gets|sscanf|scanf|fscanf)\s*\(' \
      $files 2>/dev/null | grep -v 'banned-ok')
if [ -n "$bad" ]; then
    echo "banned functions used:"; echo "$bad"; status=1
fi
# An assignment (=, +=, <<=...) in an if or while condition, which may span
# lines: the line of its if or while is printed.  Comments, strings and
# character constants are skipped.
bad=$(awk '
function report(    n, i, c, p, pp, bad) {
    n = length(cond)
    bad = 0
    for (i = 1; i <= n; i++) {
        c = substr(cond, i, 1)
        if (c != "=")
            continue
        if (substr(cond, i + 1, 1) == "=") { i++; continue }   # ==
        p = substr(cond, i - 1, 1); pp = substr(cond, i - 2, 1)
        if (p == "!" ) continue                                 # !=
        if ((p == "<" || p == ">") && pp != p) continue         # <= >=
        bad = 1
        break
    }
    if (bad && raw[cline] !~ /banned-ok/)
        printf "%s:%d: %s\n", FILENAME, cline, raw[cline]
}
FNR == 1 { incomment = 0; want = 0; depth = 0; word = "" }
{
    raw[FNR] = $0
    line = $0
    if (!incomment && line ~ /^[ \t]*#/) next      # preprocessor
    n = length(line)
    for (i = 1; i <= n; i++) {
        c = substr(line, i, 1)
        if (incomment) {
            if (c == "*" && substr(line, i + 1, 1) == "/") { incomment = 0; i++ }
            continue
        }
        if (c == "/" && substr(line, i + 1, 1) == "*") { incomment = 1; i++; continue }
        if (c == "/" && substr(line, i + 1, 1) == "/") break
        if (c == "\"" || c == "\047") {                 # skip the literal
            q = c
            for (i++; i <= n; i++) {
                d = substr(line, i, 1)
                if (d == "\\") { i++; continue }
                if (d == q) break
            }
            c = "S"
        }
        if (c ~ /[A-Za-z0-9_]/) {
            word = word c
            if (depth == 0) want = 0
            continue
        }
        if (word != "") {
            if (depth == 0 && (word == "if" || word == "while"))
                want = 1
            word = ""
        }
        if (depth == 0) {
            if (c == "(" && want) { depth = 1; cond = ""; cline = FNR; want = 0; continue }
            if (c != " " && c != "\t") want = 0
            continue
        }
        if (c == "(") depth++
        else if (c == ")" && --depth == 0) { report(); continue }
        cond = cond c
    }
    if (word != "") {
        if (depth == 0 && (word == "if" || word == "while")) want = 1
        word = ""
    }
    if (depth > 0) cond = cond " "
}
' $files)
if [ -n "$bad" ]; then
    echo "assignment inside a condition (make it a statement before the if or while):"
    echo "$bad"; status=1
fi
exit $status
