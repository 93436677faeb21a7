# -j N: the output, the messages, the exit status and a saved state are
# the same for every N, in every mode, with the options that touch the
# record path: -a, --id-field, -u, --time-field with bad and future
# times, --rejects with refused lines, --strict, -R, --stats.
demo=$(pwd)/tests/data/demo.ndjson
log=$(pwd)/tests/data/loghub.log
cd "$CASE_TMP" || exit 99
{
    head -n 12 "$demo"
    printf '%s\n' '{"text":"no time here","t":"yesterday"}' 'not json' '' \
        '{"text":"from the future","t":"2999-01-01T00:00:00Z"}' \
        '{"text":"caf\351"}'
    tail -n +13 "$demo"
} >mixed
sed 's/.*/{"message":"&","t":1700000000}/' "$log" >logs
run() {
    name=$1
    shift
    for j in 1 2 8; do
        rm -f state rejects
        "$NDC" -j "$j" "$@" >"out.$j" 2>"err.$j"
        echo "exit $?" >>"out.$j"
        lines=$(wc -l <"out.$j")
        # --stats: all but the time taken
        sed 's/"seconds":[0-9.]*,"records_per_s":[0-9]*,//' "err.$j" \
            >"err.$j.x" && mv "err.$j.x" "err.$j"
        [ -f state ] && cat state >>"out.$j"
        [ -f rejects ] && cat rejects >>"out.$j"
    done
    if cmp -s out.1 out.2 && cmp -s out.1 out.8 && cmp -s err.1 err.2 &&
        cmp -s err.1 err.8; then
        echo "$name: same for -j 1, 2, 8 ($lines lines and exit)"
    else
        echo "$name: differs"
    fi
}
run near -a score,match,new,size --id-field id --rejects rejects mixed
run story -m story -a score,match --time-field t --rejects rejects mixed
run story-unique -m story -u --state state mixed
run template -m template -f message -a template,new --time-field t \
    --window-time 1h logs
run template-raw -R -m template -a template "$log"
run strict --strict mixed
run stats --stats -m story "$demo"
