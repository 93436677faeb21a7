# A time given as a JSON number is read to its own end only: after
# 1000000, the value 10 is 10 (a 1h --decay then parts the two copies),
# not 1000000 from the bytes left behind.
printf '%s\n' '{"t":1000000,"text":"alpha beta gamma"}' \
    '{"t":10,"text":"alpha beta gamma"}' \
    '{"t":"10","text":"alpha beta gamma"}' |
    "$NDC" -m story --time-field t --decay 1h
