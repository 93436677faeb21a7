# Tags and comments separate words and are not words themselves: two
# unrelated headlines in the same markup found two clusters (read as
# words, the markup made them share one at 0.57), and a headline found
# bare and in markup is one text.
printf '%s\n' \
    '{"n":1,"text":"<p class=\"lead\"><a href=\"https://example.com/world/2024/floods\">Floods close schools</a></p>"}' \
    '{"n":2,"text":"<p class=\"lead\"><a href=\"https://example.com/world/2024/budget\">Parliament passes budget</a></p>"}' \
    '{"n":3,"text":"Parliament passes budget"}' \
    '{"n":4,"text":"<![CDATA[<div><!-- ad --><b>Floods</b> close<br/>schools</div>]]>"}' |
    "$NDC" -a score | sed 's/"text":".*","cluster"/"cluster"/'
