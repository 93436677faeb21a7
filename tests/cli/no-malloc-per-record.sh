# The steady state calls malloc for no record: valgrind counts about the
# same heap allocations for 100 records as for 1000 (a buffer may double
# once or twice more), in both modes, with every annotation.  yajl's
# memory comes from a per-line arena, and scratch buffers are kept
# between lines; before, each record cost 8 to 12 allocations.  Skipped
# without valgrind, and under the sanitizers, which valgrind cannot run.
command -v valgrind >/dev/null 2>&1 || exit 77
nm "$NDC" 2>/dev/null | grep -q __asan_init && exit 77
gen() {
    awk -v n="$1" 'BEGIN {
        for (i = 1; i <= n; i++)
            printf "{\"id\":%d,\"text\":\"w%d some common words x%d y%d " \
                "and a line \\\"quoted\\\" \\u00e9\"}\n", i, i % 37, i, i % 11
    }'
}
allocs() {
    n=$1
    shift
    gen "$n" | valgrind "$NDC" "$@" 2>&1 >/dev/null |
        sed -n 's/.*total heap usage: \([0-9,]*\) allocs.*/\1/p'
}
for mode in near story; do
    small=$(allocs 100 -m $mode -a score,match,new,size --id-field id -w 50 |
        tr -d ,)
    big=$(allocs 1000 -m $mode -a score,match,new,size --id-field id -w 50 |
        tr -d ,)
    if [ -z "$small" ] || [ -z "$big" ] || [ "$big" -gt $((small + 3)) ]; then
        echo "$mode: $small allocations for 100 records, $big for 1000"
    fi
done
echo done
