# -R -m template on a plain log (tests/data/loghub.log: 40 lines of HDFS,
# Zookeeper and Thunderbird): each line gets the id of its statement's
# template and, with -a template, the template as it stands after the
# line joined it.  The 40 lines form 12 templates; the first line of each
# is new.
"$NDC" -R -m template -a template,new,size tests/data/loghub.log
