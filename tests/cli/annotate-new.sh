# -a new adds KEY_new: true for the founder of a cluster, false for a
# member, null for a record without text.
"$NDC" -a new tests/data/basic.ndjson
