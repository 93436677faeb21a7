# -u writes only the founders of clusters (and records without text,
# whose cluster is null).
"$NDC" -u tests/data/basic.ndjson || echo "exit $?"
echo "--unique"
"$NDC" --unique tests/data/basic.ndjson
