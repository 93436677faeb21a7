# -a match adds KEY_match: the number of the record matched, null for a
# founder and for a record without text.
"$NDC" -a match tests/data/basic.ndjson
