# A UTF-8 byte order mark at the start of a file (and of stdin) is
# skipped and not written back; one later in a file is refused.
cd "$CASE_TMP" || exit 99
printf '\357\273\277{"text":"alpha beta"}\n\357\273\277{"text":"gamma"}\n' >one
printf '\357\273\277{"text":"alpha beta"}\n' >two
printf '\357\273\277{"text":"gamma"}\n' | "$NDC" one two -
