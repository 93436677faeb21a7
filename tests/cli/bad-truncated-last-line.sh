# A last line cut off inside a value (no final newline) is refused as
# truncated; the lines before it are written.
printf '{"text":"alpha beta"}\n{"text":"alpha be' | "$NDC"
