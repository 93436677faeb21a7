# -R reads lines of text: each whole line is the text of one record,
# written as {"text":LINE,"cluster":ID}.  LINE is a JSON string: quotes,
# backslashes, tabs and other control characters are escaped (line 1);
# valid UTF-8 passes (3); each invalid sequence becomes one U+FFFD, never
# a refusal: a Latin-1 byte, 0xFF, an overlong form as two stray bytes
# and as a whole sequence, a surrogate, a code point past U+10FFFF, two
# stray continuation bytes (4), a sequence cut short before a letter and
# at the end of the line (5).  A CR before the newline is dropped, one
# inside the line kept (6); line 8 is line 1 with CR LF and joins it.  An
# empty line (2) or one of spaces (7) has no text: "cluster":null, and
# it takes its record number all the same.  The second file goes on
# numbering; its byte order mark is dropped, and its last line has no
# newline.
cd "$CASE_TMP" || exit 99
printf 'say "hi" to C:\\temp\tnow\n' >a
printf '\n' >>a
printf 'caf\303\251 costs 5\342\202\254 \360\237\230\200\n' >>a
printf 'caf\351 \377 \300\257 \340\200\200 \355\240\200 \364\220\200\200 \200\200 end\n' >>a
printf 'cut \342\202a short \342\202\n' >>a
printf 'bell\007 esc\033 nul\001 cr\rinside\r\n' >>a
printf '   \n' >>a
printf 'say "hi" to C:\\temp\tnow\r\n' >>a
printf '\357\273\277caf\303\251 costs 5\342\202\254 \360\237\230\200\nlast' >b
"$NDC" -R a b
