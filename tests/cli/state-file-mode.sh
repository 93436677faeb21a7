# --state: a new state file gets the mode of any new file (0666 less the
# umask), a saved one keeps the mode it had, and no temporary file
# (FILE.XXXXXX) is left beside it after a save.
cd "$CASE_TMP" || exit 99
umask 022
mkdir d
printf '%s\n' '{"text":"alpha beta"}' | "$NDC" -w 100 --state d/s >/dev/null
echo "new: $(ls -l d/s | cut -c 1-10)"
chmod 640 d/s
printf '%s\n' '{"text":"gamma"}' | "$NDC" -w 100 --state d/s --checkpoint 1
echo "saved again: $(ls -l d/s | cut -c 1-10)"
echo "in the folder: $(ls -a d | tr '\n' ' ')"
