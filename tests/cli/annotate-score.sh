# -a score adds KEY_score: 1 for a copy, 0 for a founder with nothing
# similar, null for a record without text.
"$NDC" -a score tests/data/basic.ndjson
