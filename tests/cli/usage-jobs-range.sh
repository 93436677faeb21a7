# -j takes 0 (one thread per core) to 256 threads; more, or no number,
# is a usage error.  -j 0 runs.
"$NDC" -j 0 tests/data/basic.ndjson | head -n 1
"$NDC" -j 257 tests/data/basic.ndjson
echo "exit $?"
"$NDC" --jobs=two tests/data/basic.ndjson
echo "exit $?"
