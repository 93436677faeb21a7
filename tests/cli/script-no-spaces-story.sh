# Story mode takes pairs of neighbouring letters as the terms of scripts
# written without spaces: eight unrelated Chinese headlines found eight
# clusters (with single characters as terms, six of them merged into
# three), and a second report of the first story joins it.
printf '%s\n' \
    '{"id":1,"text":"中国国家主席会见法国总统讨论贸易合作"}' \
    '{"id":2,"text":"上海股市周一大幅下跌投资者担忧经济放缓"}' \
    '{"id":3,"text":"北京今年冬天将迎来强降雪天气"}' \
    '{"id":4,"text":"国家足球队在世界杯预选赛中获胜"}' \
    '{"id":5,"text":"科学家发现新的治疗癌症的方法"}' \
    '{"id":6,"text":"台风将于明天登陆广东沿海地区"}' \
    '{"id":7,"text":"国内汽车销量连续三个月增长"}' \
    '{"id":8,"text":"教育部发布新的高考改革方案"}' \
    '{"id":9,"text":"法国总统与中国国家主席讨论两国贸易合作"}' |
    "$NDC" -m story | sed 's/"text":"[^"]*",//'
