# A '<' or '&' that starts no tag or reference is a separator and takes
# nothing with it: a < b, x<y then y>z, <ok>, AT&T, R&D; are plain text,
# the same words as without them.
printf '%s\n' \
    '{"n":1,"text":"if a < b and x<y then y>z, <ok> for AT&T R&D;"}' \
    '{"n":2,"text":"if a b and x y then y z ok for AT T R D"}' |
    "$NDC" -a score | sed 's/"text":".*","cluster"/"cluster"/'
