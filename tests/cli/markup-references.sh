# Character references stand for their character: named, decimal, hex,
# and the windows-1252 numbers of old feeds (&#146; is a right quote), so
# the encoded title is the plain one, and &amp; is no word "amp".
printf '%s\n' \
    '{"n":1,"text":"Tom &amp; Jerry&#39;s caf&eacute; &#x27;opens&#146; in Z&#252;rich"}' \
    '{"n":2,"text":"Tom & Jerry’s café ‘opens’ in Zürich"}' \
    '{"n":3,"text":"&amp; &lt;b&gt; &nbsp;"}' \
    '{"n":4,"text":"b"}' |
    "$NDC" -a score | sed 's/"text":".*","cluster"/"cluster"/'
