# Empty and white-space-only lines (spaces, tabs, a lone CR) are skipped
# silently and take no record number: record 2 founds cluster 2.
printf '{"text":"alpha beta"}\n\n   \n\t\n{"text":"gamma delta"}\n\r\n \t \r\n{"text":"alpha beta"}\n\n' |
    "$NDC" -a match
