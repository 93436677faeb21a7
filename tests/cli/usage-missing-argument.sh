# An option without its argument is a usage error that says so.
"$NDC" -t
