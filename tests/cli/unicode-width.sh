# Half-width katakana are their full-width letters, and full-width Latin
# letters and digits are ASCII ones (NFKC): each pair is one text.
printf '%s\n' \
    '{"n":"full","text":"テレビ ニュース 速報"}' \
    '{"n":"half","text":"ﾃﾚﾋﾞ ﾆｭｰｽ 速報"}' \
    '{"n":"ascii","text":"iPhone 15 launch"}' \
    '{"n":"wide","text":"ｉＰｈｏｎｅ　１５　ＬＡＵＮＣＨ"}' |
    "$NDC" -a score | sed 's/"text":"[^"]*",//'
