# Valid JSON that is not an object: refused, naming what was found.
printf '%s\n' '[]' '[{"text":"a"}]' '1' '-0.5e3' '"text"' 'null' 'true' \
    'false' '  [1]' '{"text":"ok"}' | "$NDC"
