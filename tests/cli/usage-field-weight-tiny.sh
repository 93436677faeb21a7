# -f text:1e-300: a weight is a plain decimal from 0.001 to 1000
echo '{"text":"a b"}' | "$NDC" -m story -f text:1e-300
