# --horizon: with --time-field, story mode lets no record join a cluster
# whose latest record is more than the horizon older (7 days by default).
# tests/data/story-time.ndjson has floods in Lisbon in December 2014 and
# again in February 2015, worded alike: by default they are two clusters,
# with --horizon 0 (no horizon) one.  Record 5, dated December but read
# after the February ones, may still join (the horizon looks back only);
# the cluster keeps its latest time, so record 6 joins it too.
"$NDC" -m story -f title --time-field time -a score tests/data/story-time.ndjson
echo "--horizon 0:"
"$NDC" -m story -f title --time-field time --horizon 0 tests/data/story-time.ndjson
echo "--horizon 60d (the gap is 52 days):"
"$NDC" -m story -f title --time-field time --horizon 60d tests/data/story-time.ndjson
