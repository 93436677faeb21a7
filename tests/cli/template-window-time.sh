# -m template with --window-time: a template leaves with its last line,
# by age as by count, so the same statement an hour later founds a new
# template.
printf '%s\n' \
    '{"t":"2024-01-01T00:00:00Z","message":"disk sda1 full"}' \
    '{"t":"2024-01-01T00:10:00Z","message":"disk sdb2 full"}' \
    '{"t":"2024-01-01T00:20:00Z","message":"fan 3 slow"}' \
    '{"t":"2024-01-01T02:00:00Z","message":"disk sdc3 full"}' |
    "$NDC" -m template -f message --time-field t --window-time 30m -a template
