# -f PATH:W weighs a field in story mode.  The two records share their
# text and not their title, so the heavier the title, the lower their
# similarity: at -t 0.9 they are one cluster with the title at 0.5 or 1
# and two at 2 or 3.  A field whose last component is title or headline
# weighs more than 1 by default, any other field 1.  A suffix that is not
# a number is part of the path: -f a:b reads the member "a:b".
cd "$CASE_TMP" || exit 99
printf '%s\n' \
    '{"title":"Lisbon floods close schools","text":"Heavy rain fell for three days and rivers rose across the region."}' \
    '{"title":"Oslo bridge repaired","text":"Heavy rain fell for three days and the rivers rose across the region."}' >in
sed 's/"title":\("[^"]*"\)/"doc":{"headline":\1}/' in >nested
sed 's/"title":/"summary":/' in >summary
ids() {
    sed 's/.*,"cluster":\([0-9a-z]*\)[,}].*/\1/' | tr '\n' ' '
    echo
}
scores() {
    "$NDC" -m story -a score "$@" | sed 's/.*,"cluster"/"cluster"/'
}
for f in title:0.5 title:1 title:2 title:3; do
    printf '%-22s' "-f $f -f text:"
    "$NDC" -m story -t 0.9 -f "$f" -f text in | ids
done
scores -f title -f text in >default
scores -f title:1 -f text:1 in >one
cmp -s default one || echo "-f title: other scores than -f title:1"
scores -f doc.headline -f text nested >headline
cmp -s default headline && echo "-f doc.headline: same scores as -f title"
scores -f summary -f text summary >summary.scores
cmp -s one summary.scores && echo "-f summary: same scores as -f title:1"
printf '%s\n' '{"a:b":"Lisbon floods close schools","a":"Oslo bridge"}' |
    "$NDC" -m story -f a:b
