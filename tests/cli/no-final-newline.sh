# A last line without a newline is processed; the output ends in LF.
printf '{"text":"alpha beta"}\n{"text":"alpha beta"}' | "$NDC"
