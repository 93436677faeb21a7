# -a template names a cluster's template: only template mode has them.
"$NDC" -a score,template tests/data/basic.ndjson
