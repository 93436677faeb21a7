# -a score,match,new,size in story mode.  score is the cosine similarity
# to the cluster joined (1 for the same words, 0 with no word in common);
# match is the number of that cluster's newest record, so record 6
# matches 2, not 1; new and size are as in near mode.  A record without
# text gets nulls.  On the seed articles, each joins cluster 1 through
# the record before it.
printf '%s\n' \
    '{"n":1,"text":"lisbon floods close schools"}' \
    '{"n":2,"text":"Lisbon: floods close schools!"}' \
    '{"n":3,"text":"oslo bridge repaired"}' \
    '{"n":4}' \
    '{"n":5,"text":"dunmore orchard frost damage"}' \
    '{"n":6,"text":"lisbon floods close schools"}' |
    "$NDC" -m story -a score,match,new,size
"$NDC" -m story -a match,new,size tests/data/seeds.ndjson |
    sed 's/^{"id": "\([0-9]*\)".*,\("cluster":\)/\1 \2/'
