# CRLF line ends are accepted; the CR is not written back, and messages
# still name the right line.
printf '{"text":"alpha beta"}\r\n[1]\r\n{"text":"alpha beta"}\r\n' | "$NDC"
