# Text written with escapes is the text it stands for: these cluster
# with the plain one, and each line is written as it came.
printf '%s\n' '{"text":"alpha beta gamma"}' \
    '{"text":"\u0061lpha \u0062eta \u0067amma"}' \
    '{"text":"alpha\tbeta\ngamma"}' \
    '{"text":"alpha\/beta \"gamma\""}' \
    '{"text":"\u0041LPHA BETA GAMMA"}' | "$NDC" -a match
