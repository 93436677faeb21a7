# -m story on short texts: unrelated ones found their own clusters; two
# wordings of one event that share its names (Maria Santos, Boston
# Marathon) share one.
printf '%s\n' \
    '{"id":1,"text":"Heavy rain flooded the streets of Lisbon overnight, closing schools."}' \
    '{"id":2,"text":"The central bank raised interest rates by half a point on Tuesday."}' \
    '{"id":3,"text":"A new species of frog was found in the Peruvian rainforest."}' \
    '{"id":4,"text":"Maria Santos won the Boston Marathon in record time on Monday."}' \
    '{"id":5,"text":"Runner Maria Santos set a course record to win Monday'"'"'s Boston Marathon."}' \
    '{"id":6,"text":"Engineers repaired the broken bridge in Oslo after a week of work."}' |
    "$NDC" -m story |
    sed 's/^{"id":\([0-9]*\),.*,"cluster":\([0-9a-z]*\)}$/\1 \2/'
