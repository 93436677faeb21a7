# --annotate with several items: the members follow "cluster" in the order
# given; an item named twice is added once.
"$NDC" --annotate size,new,match,score,new tests/data/basic.ndjson
