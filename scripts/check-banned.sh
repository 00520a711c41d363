#!/bin/sh
# Refuse the C functions STYLE.md bans (curl's habit): unsafe string and number parsing.
set -u
bad=$(grep -nE '\b(strcpy|strcat|sprintf|vsprintf|strtok|atoi|atol|gets|sscanf|scanf|fscanf)\s*\(' \
      $(find src tests/unit tests/fuzz -name '*.[ch]' 2>/dev/null) 2>/dev/null | grep -v 'banned-ok')
if [ -n "$bad" ]; then
    echo "banned functions used:"; echo "$bad"; exit 1
fi
exit 0
