# --decay 1h: a cluster's similarity halves with every hour between a
# record and the cluster's newest member.  The same text at 00:00 and
# 00:30 (0.71) is one cluster; at 12:00, 11.5 hours later (0.0003),
# it founds a new one.  Without --decay all three are one cluster.
cd "$CASE_TMP" || exit 99
printf '%s\n' \
    '{"t":"2014-12-19T00:00:00Z","text":"Lisbon floods close schools across Portugal"}' \
    '{"t":"2014-12-19T00:30:00Z","text":"Lisbon floods close schools across Portugal"}' \
    '{"t":"2014-12-19T12:00:00Z","text":"Lisbon floods close schools across Portugal"}' >in
"$NDC" -m story --time-field t --decay 1h -a score in
"$NDC" -m story --time-field t -a score in
