# -m template -u: one line per template, when it is first seen (a "new
# kind of message" alarm), in input order; records without text are
# written too.
{
    printf '%s\n' '{"message":"Receiving block blk_1 src: /10.0.0.1:5"}'
    printf '%s\n' '{"message":"Receiving block blk_2 src: /10.0.0.2:5"}'
    printf '%s\n' '{"message":""}'
    printf '%s\n' '{"message":"disk sda1 full"}'
    printf '%s\n' '{"message":"Receiving block blk_3 src: /10.0.0.3:5"}'
    printf '%s\n' '{"message":"disk sdb2 full"}'
    printf '%s\n' '{"message":"kernel panic"}'
} | "$NDC" -m template -f message -u -a template
