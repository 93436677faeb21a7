# {} has no text: it becomes {"cluster":null}, also with white space
# and with -a.
printf '%s\n' '{}' ' { } ' | "$NDC" || echo "exit $?"
printf '%s\n' '{}' | "$NDC" -a score,match,new,size
