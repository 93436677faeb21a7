# Garbage after the object is refused; trailing white space is not
# garbage and is kept.
printf '%s\n' \
    '{"a":1} x' \
    '{"a":1},' \
    '{"a":1}}' \
    '{"a":1} ' | "$NDC"
