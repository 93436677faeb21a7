# Hand-made broken JSON, one kind a line; every one refused with where.
cd "$CASE_TMP" || exit 99
cat >in <<'END'
{
}
{"text":}
{"text" "a"}
{"text":"a",}
{,}
{'text':'a'}
{text:"a"}
{"text":"a"}}
{"text":"a"]
{"text":NaN}
{"text":Infinity}
{"text":01}
{"text":1.}
{"text":.5}
{"text":-}
{"text":1e}
{"text":"\x"}
{"text":"\u12"}
{"text":"a
{"text":tru}
{"text":nulll}
{"a":1}{"b":2}
// comment
/* c */ {"text":"a"}
{"text":"a"} // c
{"text":"a"}"
{"text":"a"}"x}
{"text":"a"} 1
{"text":"tab	inside"}
{"text":"ok"}
END
"$NDC" in
