# Options may follow file operands whether POSIXLY_CORRECT is set or not
# (it would make getopt stop at the first operand and read "-u" as a
# file): the two runs write the same, and "--" still ends the options.
cd "$CASE_TMP" || exit 99
printf '%s\n' '{"text":"alpha"}' '{"text":"alpha"}' '{"text":"beta"}' >a
cp a ./-u
echo "a -u, POSIXLY_CORRECT unset:"
(unset POSIXLY_CORRECT; "$NDC" a -u; echo "exit $?")
echo "a -u, POSIXLY_CORRECT=1:"
POSIXLY_CORRECT=1 "$NDC" a -u
echo "exit $?"
echo "a -w 5 - -u, POSIXLY_CORRECT=1, with stdin:"
printf '%s\n' '{"text":"beta"}' | POSIXLY_CORRECT=1 "$NDC" a -w 5 - -u
echo "exit $?"
echo "-- -u a, POSIXLY_CORRECT=1 (files -u and a):"
POSIXLY_CORRECT=1 "$NDC" -- -u a
echo "exit $?"
