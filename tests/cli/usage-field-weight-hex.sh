# -f text:0x10: a weight is a plain decimal from 0.001 to 1000
echo '{"text":"a b"}' | "$NDC" -m story -f text:0x10
