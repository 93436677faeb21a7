# -a size adds KEY_size: records in the cluster so far, itself included.
"$NDC" -a size tests/data/basic.ndjson
