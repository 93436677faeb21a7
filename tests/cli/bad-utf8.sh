# Invalid UTF-8 is refused, naming the byte: a Latin-1 byte, 0xFF, a
# lone continuation byte, a sequence cut short, a code point above
# U+10FFFF.  Valid multi-byte text passes.
printf '{"text":"caf\351"}\n{"text":"\377"}\n{"text":"a\200b"}\n{"text":"\342\202"}\n{"text":"\364\220\200\200"}\n{"text":"caf\303\251 \342\202\254 \360\237\230\200"}\n' |
    "$NDC"
