# A --seed beyond 2^64-1 is a usage error, not wrapped.
"$NDC" --seed 18446744073709551616 tests/data/basic.ndjson
